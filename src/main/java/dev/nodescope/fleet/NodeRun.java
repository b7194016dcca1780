package dev.nodescope.fleet;

import dev.nodescope.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a consumer knows of one node of one publisher run ({@link BatchHeaders}): the round being
 * received, the events of rounds closed but not yet delivered, each subject's total so far, and,
 * with JetStream, what is missing yet may still come.
 *
 * <p>A round closes when its end came (or, without JetStream, the publisher's totals after it, or
 * a later round). Its events then wait in {@link #ready} until nothing earlier is missing: with
 * JetStream a batch that a failover made the publisher send again is stored after later rounds,
 * so a round whose events did not all come ({@link #incomplete}), or a subject whose total jumped
 * ({@link #holes}), holds the node's events back until it came, in order, or its grace ran out.
 */
final class NodeRun {
    /** Rounds remembered as missing at most: a gap larger than this is no failover's, the rest are not waited for. */
    private static final int MAX_INCOMPLETE = 1024;
    private static final Comparator<Event> SEQ_ORDER = Comparator.comparingLong(e -> e.meta().seq());

    final String node;
    /** Whether this consumer got the node's first round: then a subject's first batch starts at total 0, else where it was joined. */
    final boolean fromStart;
    /** The first round this consumer saw: it may have joined in its middle, so it is never waited for. */
    private final long firstRound;
    long round = -1;
    private long roundReceived;
    private long roundExpected = -1;
    /** Whether the current round closed: what else comes in it (a loss report) goes straight to {@link #ready}. */
    boolean roundEnded;
    /** When its last message came. */
    long lastNanos;
    /** The largest seq seen: where a loss notice of this node goes in its order. */
    long lastSeq;
    /** Events of the round being received. */
    final List<Event> current = new ArrayList<>();
    /** Events of closed rounds (and batches of earlier rounds that came late), to be delivered in seq order. */
    final List<Event> ready = new ArrayList<>();
    final Map<String, Long> totals = new HashMap<>();
    /** With JetStream: events of a subject that are missing yet may still come. */
    final List<Hole> holes = new ArrayList<>();
    /** Core NATS: the publisher's losses it reported that reached this consumer, by stage and event. */
    final Map<String, Long> told = new HashMap<>();
    /** With JetStream: closed rounds whose events have not all come, by round. */
    private final TreeMap<Long, Incomplete> incomplete = new TreeMap<>();

    /** Events {@code [from, to)} of a subject's totals, missing since {@code noticedNanos}. */
    record Hole(String subject, long from, long to, long noticedNanos) {
    }

    private static final class Incomplete {
        long received;
        long expected;
        final long noticedNanos;

        Incomplete(long received, long expected, long noticedNanos) {
            this.received = received;
            this.expected = expected;
            this.noticedNanos = noticedNanos;
        }

        boolean whole() {
            return expected >= 0 && received >= expected;
        }
    }

    NodeRun(String node, long firstRound) {
        this.node = node;
        this.firstRound = firstRound;
        this.fromStart = firstRound <= 1;
    }

    /**
     * A later round begins: the current one closes. With {@code awaitResends} (JetStream) one
     * whose events did not all come, and any skipped, are remembered as incomplete.
     */
    void begin(long next, boolean awaitResends, long nowNanos) {
        if (awaitResends && round >= 0) {
            if (round != firstRound && !(roundExpected >= 0 && roundReceived >= roundExpected)) {
                incomplete.put(round, new Incomplete(roundReceived, roundExpected, nowNanos));
            }
            for (long r = round + 1; r < next && incomplete.size() < MAX_INCOMPLETE; r++) {
                incomplete.put(r, new Incomplete(0, -1, nowNanos));
            }
        }
        close();
        round = next;
        roundReceived = 0;
        roundExpected = -1;
        roundEnded = false;
    }

    /** A batch of the current round: {@code count} events; {@code end} the round's events when it is the last, else -1. */
    void part(long count, long end) {
        roundReceived += count;
        if (end >= 0) {
            roundExpected = end;
        }
    }

    /** With JetStream: whether the current round's end came with all its events (the first one seen: its end came). */
    boolean currentWhole() {
        return roundExpected >= 0 && (roundReceived >= roundExpected || round == firstRound);
    }

    /** A batch of an earlier round, come late: it counts towards that round (its events go to {@link #ready}). */
    void latePart(long r, long count, long end) {
        Incomplete i = incomplete.get(r);
        if (i == null) {
            return; // not waited for (any more): its events go out all the same
        }
        i.received += count;
        if (end >= 0) {
            i.expected = end;
        }
        if (i.whole()) {
            incomplete.remove(r);
        }
    }

    /** The current round's events join the closed ones. */
    void close() {
        ready.addAll(current);
        current.clear();
    }

    /** Forgets what was waited for longer than {@code graceNanos} (or everything, {@code all}): it will not come. */
    void expireIncomplete(long nowNanos, long graceNanos, boolean all) {
        incomplete.values().removeIf(i -> all || nowNanos - i.noticedNanos > graceNanos);
    }

    /** Whether the closed rounds' events can go out: nothing earlier is still awaited. */
    boolean deliverable() {
        return !ready.isEmpty() && holes.isEmpty() && incomplete.isEmpty();
    }

    /** The closed rounds' events in the node's order (a loss notice stays after the event it follows: the sort is stable). */
    void drainReady(java.util.function.Consumer<Event> to) {
        ready.sort(SEQ_ORDER);
        ready.forEach(to);
        ready.clear();
    }
}
