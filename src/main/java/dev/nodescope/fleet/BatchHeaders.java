package dev.nodescope.fleet;

/**
 * The NATS headers of a batch of events (its body is one {@code EventCodec} batch). They let a
 * consumer count exactly what it missed and restore each node's order across subjects:
 * <ul>
 * <li>{@link #PUBLISHER}: a random id per publisher run (a restarted publisher starts its counts afresh);
 * <li>{@link #TOTAL}: events published on this subject by this publisher run, this batch included
 *     (so the events between two batches that arrived are known: a gap is counted exactly);
 * <li>{@link #COUNT}: the events in this batch;
 * <li>{@link #ROUND}: the publisher sends every subject's pending batch of a node together, round
 *     by round (numbered 1, 2, ... per node); NATS keeps one connection's order, so once a batch of
 *     a later round arrives, the consumer has all of the earlier round it subscribed to and can
 *     deliver them in the node's order (seq);
 * <li>{@link #ROUND_END}: on the node's last batch of a round, how many of the node's events the
 *     round holds: a JetStream consumer (which reads every subject) knows when a round is whole,
 *     even when a batch was sent again after a failover and stored after later rounds. When the
 *     publisher's outbox could not hold that batch (the server away) but earlier ones of the round
 *     went out, the node's totals carry it instead, as the round's last message (its
 *     {@link #ROUND} that round's, sent as soon as the outbox takes them): the round is whole once
 *     what went out came, and no consumer waits for an end that was never sent.
 * </ul>
 * A publisher also sends, every {@link Publisher#TOTALS_EVERY} and when it ends, each node's
 * subject totals on {@link Subjects#totals} (headers {@link #PUBLISHER} and {@link #ROUND}, a line
 * {@code subject total} per subject): a subject whose last batches were lost has no later batch to
 * show the gap, and would otherwise be lost silently. They end with the publisher's own losses
 * reported so far ({@link #LOSS_LINE}{@code stage event count}), in case a report was missed.
 */
public final class BatchHeaders {
    public static final String PUBLISHER = "Nodescope-Publisher";
    public static final String TOTAL = "Nodescope-Total";
    public static final String COUNT = "Nodescope-Count";
    public static final String ROUND = "Nodescope-Round";
    /**
     * On the node's last batch of a round, the round's events of that node: a consumer that reads
     * every subject has the round whole once they came; one that does not read that subject waits
     * for a later round or the publisher's totals. On the totals, when that batch could not be
     * queued: the round's events that went out.
     */
    public static final String ROUND_END = "Nodescope-Round-End";
    /** On a batch of the publisher's own loss reports, sent between rounds: not one of a round's events. */
    public static final String REPORT = "Nodescope-Report";
    /** How a line of the totals that gives the losses a publisher has reported (running totals) starts. */
    public static final String LOSS_LINE = "loss ";

    private BatchHeaders() {
    }
}
