package dev.nodescope.fleet;

import dev.nodescope.tool.WallClock;
import dev.nodescope.codec.EventCodec;
import dev.nodescope.codec.MalformedBlockException;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Events of a fleet from NATS ({@code --nats URL [--nodes GLOB] [--jetstream STREAM --from TIME]}):
 * a source like the live extractor and the archives, so every tool reads a fleet.
 *
 * <p>Each node's events come out in their order (seq): a publisher sends the batches of a
 * node's subjects round by round ({@link BatchHeaders}) and NATS keeps a connection's order, so a
 * round is complete, and is sorted and delivered, as soon as its last batch (marked), the
 * publisher's totals (sent after it) or a batch of a later round arrives. A consumer that reads
 * only some subjects may not see the marked batch; the totals come within
 * {@link Publisher#TOTALS_EVERY}. Quiet is no sign of a complete round: a publisher (or its
 * connection) may stall in the middle of one and go on. Every event published but not received
 * is counted exactly, per subject, from the gap in the publisher's running total, and reported as
 * a {@code nodescope:loss} at stage {@code consume}: a slow consumer the server dropped messages
 * for, a server that went away with messages in flight; the publisher's periodic totals show what
 * a subject's next batch cannot (its last ones).
 *
 * <p>With JetStream an ordered consumer reads the stream from {@code --from} (else from now) and
 * resumes by itself after a failover. There a batch the publisher sent again after a failover is
 * stored after later ones: a round is whole only when its end came with as many events as it
 * says, and a subject's total that jumped leaves a hole; the node's events wait (up to
 * {@link #HOLE_GRACE_NANOS}) for what is missing and come out in order, or it is counted lost
 * ({@link NodeRun}).
 */
public final class NatsSource implements EventSource {
    /**
     * With JetStream, how long a gap may wait for its batch: a publisher resends what the stream
     * did not acknowledge (a server failed, its streams elect new leaders), stored after what was
     * published meanwhile; the node's events are held back until it came, in order, or is counted lost.
     */
    static final long HOLE_GRACE_NANOS = 30_000_000_000L;
    /** How often rounds of publishers gone silent are looked at, and the sink flushed, when messages keep coming. */
    static final long SWEEP_MILLIS = 50;
    /**
     * A round neither ended (its marked batch, the totals) nor followed by a later one is delivered
     * after this long without a message of its publisher: the publisher died in the middle of it, or
     * the rest was lost. Any shorter and a publisher that stalls mid-round (a reconnection; jnats has
     * held a reconnected publisher's messages for 22 s) would have its round split, out of order.
     */
    static final long SILENT_PUBLISHER_MILLIS = 30_000;
    /** Messages handed from jnats' dispatcher to the stream thread at most; beyond, jnats' own (bounded) pending queue holds them. */
    private static final int HANDOFF = 4096;
    /** jnats' pending queue per subscription at most (messages, bytes); beyond, it drops and reports a slow consumer. */
    private static final int PENDING_MESSAGES = 200_000;
    private static final long PENDING_BYTES = 512L << 20;
    /** Nodes of publisher runs remembered (their totals and rounds); the oldest go first. */
    private static final int MAX_RUNS = 4096;

    private final Connection nats;
    private final List<String> subjects;
    private final List<Pattern> nodes;
    private final JetStream jetStream;
    private final String stream;
    private final Instant from;
    private BlockingQueue<Message> handoff = new ArrayBlockingQueue<>(HANDOFF);
    private int pendingMessages = PENDING_MESSAGES;
    private long holeGraceNanos = HOLE_GRACE_NANOS;
    private final SourceStats.Tally tally = new SourceStats.Tally(LossStage.CONSUME);
    /** By publisher run and node. */
    private final Map<String, NodeRun> runs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NodeRun> eldest) {
            return size() > MAX_RUNS;
        }
    };
    private volatile SourceStats snapshot = SourceStats.empty();
    private volatile boolean stopped;
    private long consumeLostOther;

    /**
     * @param subjects  from {@link Subjects#subscriptions} (core NATS); with JetStream one subscription over them all
     * @param nodeGlobs node name globs ({@code fra*}); empty for every node
     * @param jetStream with {@code stream}: read that stream; null for core NATS (live only)
     * @param from      with JetStream: start at this time; null for new messages only
     */
    public NatsSource(Connection nats, List<String> subjects, List<String> nodeGlobs, JetStream jetStream, String stream, Instant from) {
        this.nats = nats;
        this.subjects = subjects;
        this.nodes = nodeGlobs.stream().map(NatsSource::glob).toList();
        this.jetStream = jetStream;
        this.stream = stream;
        this.from = from;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    /** Smaller queues, so a test overflows them with a few thousand messages (before {@link #run}). */
    NatsSource withQueues(int handoffMessages, int jnatsPendingMessages) {
        handoff = new ArrayBlockingQueue<>(handoffMessages);
        pendingMessages = jnatsPendingMessages;
        return this;
    }

    /**
     * Another grace for what is missing (before {@link #run}): a test makes it longer than it
     * waits, so that what comes out before the grace ran out shows that nothing was waited for.
     */
    NatsSource withHoleGrace(java.time.Duration grace) {
        holeGraceNanos = grace.toNanos();
        return this;
    }

    @Override
    public void run(EventSink sink) throws Exception {
        Dispatcher dispatcher = nats.createDispatcher(this::handOff);
        // jnats' own queue before the hand-off: bounded; beyond it the server and jnats drop (a slow consumer), which the totals count
        dispatcher.setPendingLimits(pendingMessages, PENDING_BYTES);
        subscribe(dispatcher);
        nats.flush(java.time.Duration.ofSeconds(5)); // the server has our interest: what is published from now on reaches us
        System.err.println("nodescope: reading " + (jetStream == null ? "" : "JetStream stream " + stream + " on ") + nats.getConnectedUrl()
                + " (" + String.join(", ", subjects) + ")");
        try {
            long nextSweep = System.nanoTime();
            while (!stopped) {
                Message m = handoff.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                if (m != null) {
                    take(m, sink);
                }
                if (m == null || System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + SWEEP_MILLIS * 1_000_000;
                    deliverAll(sink);
                    sink.flush();
                }
            }
            for (Message m = handoff.poll(); m != null; m = handoff.poll()) {
                take(m, sink);
            }
            deliverAll(sink, true);
            sink.flush();
        } finally {
            nats.closeDispatcher(dispatcher);
            nats.close();
            snapshot = tally.snapshot();
        }
    }

    private void subscribe(Dispatcher dispatcher) throws IOException {
        if (jetStream == null) {
            for (String s : subjects) {
                dispatcher.subscribe(s);
            }
            return;
        }
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder();
        if (from != null) {
            config.deliverPolicy(DeliverPolicy.ByStartTime).startTime(from.atZone(ZoneOffset.UTC));
        } else {
            config.deliverPolicy(DeliverPolicy.New);
        }
        // one ordered consumer over the stream keeps the publishers' order; subjects are filtered here
        String filter = subjects.size() == 1 ? subjects.getFirst() : Subjects.ROOT + ".>";
        try {
            PushSubscribeOptions options = PushSubscribeOptions.builder().stream(stream).ordered(true).configuration(config.build()).build();
            JetStreams.patiently(() -> jetStream.subscribe(filter, dispatcher, this::handOff, false, options));
        } catch (JetStreamApiException e) {
            throw new dev.nodescope.error.UserException("JetStream refused a consumer on " + stream + ": " + e.getErrorDescription());
        }
    }

    private void handOff(Message m) throws InterruptedException {
        while (!stopped && !handoff.offer(m, 100, TimeUnit.MILLISECONDS)) {
            // the stream thread is behind: wait (jnats queues meanwhile, within its limits)
        }
    }

    private void take(Message m, EventSink sink) {
        Headers h = m.getHeaders();
        String publisher = h == null ? null : h.getFirst(BatchHeaders.PUBLISHER);
        String subject = m.getSubject();
        String node = Subjects.node(subject);
        if (publisher == null || node == null) {
            return; // not a nodescope batch
        }
        long round = Long.parseLong(h.getFirst(BatchHeaders.ROUND));
        String key = publisher + ' ' + node;
        NodeRun run = runs.get(key);
        if (run == null) {
            run = new NodeRun(node, round);
            runs.put(key, run);
        }
        long now = System.nanoTime();
        run.lastNanos = now;
        boolean part = h.getFirst(BatchHeaders.TOTAL) != null && h.getFirst(BatchHeaders.REPORT) == null;
        long count = part ? Long.parseLong(h.getFirst(BatchHeaders.COUNT)) : 0;
        String endHeader = h.getFirst(BatchHeaders.ROUND_END);
        long end = endHeader == null ? -1 : Long.parseLong(endHeader);
        boolean totals = subject.equals(Subjects.totals(node));
        if (round < run.round) {
            // with JetStream, a batch the publisher sent again after a failover, stored after later rounds
            run.latePart(round, count, end);
            collect(run, m, subject, node, totals, sink, run.ready);
            deliver(run, sink, false);
            return;
        }
        if (round > run.round) {
            run.begin(round, jetStream != null, now);
            deliver(run, sink, false);
        }
        run.part(count, end);
        collect(run, m, subject, node, totals, sink, run.roundEnded ? run.ready : run.current);
        // JetStream: a round is whole when its end came with all its events; core NATS resends nothing:
        // the end, or the totals the publisher sends after a round, and it is whole as far as it came
        if (jetStream != null ? run.currentWhole() : end >= 0 || totals) {
            run.roundEnded = true;
            run.close();
        }
        deliver(run, sink, false);
    }

    /** A message's events into {@code into} (what it says of totals and losses counted). */
    private void collect(NodeRun run, Message m, String subject, String node, boolean totals, EventSink sink, List<Event> into) {
        Headers h = m.getHeaders();
        if (!wantedNode(node) || !subscribed(subject)) {
            return; // with JetStream one consumer reads all of nodescope.>: the subjects are chosen here
        }
        if (h.getFirst(BatchHeaders.TOTAL) == null) {
            if (totals) {
                checkTotals(run, node, new String(m.getData(), java.nio.charset.StandardCharsets.UTF_8), into);
            }
            return;
        }
        long total = Long.parseLong(h.getFirst(BatchHeaders.TOTAL));
        long count = Long.parseLong(h.getFirst(BatchHeaders.COUNT));
        Long last = run.totals.get(subject);
        if (last != null && total <= last) {
            if (!fill(run, subject, total - count, total)) {
                return; // had already come (a resend JetStream stored twice) or was counted lost: not again
            }
        } else {
            advance(run, node, subject, total - count, into);
            run.totals.put(subject, total);
        }
        List<Event> events;
        try {
            events = EventCodec.decode(m.getData());
        } catch (MalformedBlockException e) {
            tally.addDecodeErrors(count);
            return;
        }
        for (Event e : events) {
            if (e instanceof Loss l && jetStream == null) {
                run.told.merge(l.stage() + ' ' + l.tracepoint(), l.count(), Long::sum);
            }
            run.lastSeq = Math.max(run.lastSeq, e.meta().seq());
            if (!(e instanceof TracepointEvent tp) || sink.wants(tp.tracepoint())) {
                into.add(e);
            }
        }
    }

    /** A subject's total reached {@code before} a batch (or by the totals): what came in between never arrived. */
    private void advance(NodeRun run, String node, String subject, long before, List<Event> into) {
        Long last = run.totals.get(subject);
        if (last == null) {
            if (!run.fromStart) {
                return; // joined this run late: counting starts here
            }
            last = 0L;
        }
        if (before > last) {
            if (jetStream == null) {
                lost(run, subject, before - last, into); // core NATS sends nothing twice: a gap is a loss
            } else {
                run.holes.add(new NodeRun.Hole(subject, last, before, System.nanoTime()));
            }
        }
    }

    /** A batch {@code [from, to)} of a subject that came after later ones: whether it fills a hole (else it came before). */
    private static boolean fill(NodeRun run, String subject, long from, long to) {
        for (int i = 0; i < run.holes.size(); i++) {
            NodeRun.Hole h = run.holes.get(i);
            if (h.subject().equals(subject) && h.from() <= from && to <= h.to()) {
                run.holes.remove(i);
                if (h.from() < from) {
                    run.holes.add(new NodeRun.Hole(subject, h.from(), from, h.noticedNanos()));
                }
                if (to < h.to()) {
                    run.holes.add(new NodeRun.Hole(subject, to, h.to(), h.noticedNanos()));
                }
                return true;
            }
        }
        return false;
    }

    /** Holes older than the grace (or all, at the end) are lost: counted, and told; rounds still incomplete are not waited for. */
    private void expireHoles(NodeRun run, boolean all) {
        long now = System.nanoTime();
        run.holes.removeIf(h -> {
            if (all || now - h.noticedNanos() > holeGraceNanos) {
                lost(run, h.subject(), h.to() - h.from(), run.ready);
                return true;
            }
            return false;
        });
        run.expireIncomplete(now, holeGraceNanos, all);
    }

    /** A node's subject totals: the subjects this consumer reads whose last batches never arrived are counted now. */
    private void checkTotals(NodeRun run, String node, String body, List<Event> into) {
        for (String line : body.split("\n")) {
            if (line.startsWith(BatchHeaders.LOSS_LINE)) {
                reportedLosses(run, line.substring(BatchHeaders.LOSS_LINE.length()), into);
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String subject = line.substring(0, space);
            if (!node.equals(Subjects.node(subject)) || !subscribed(subject)) {
                continue;
            }
            long total;
            try {
                total = Long.parseLong(line.substring(space + 1));
            } catch (NumberFormatException notOurs) {
                continue;
            }
            advance(run, node, subject, total, into);
            run.totals.merge(subject, total, Math::max);
        }
    }

    /**
     * Core NATS: a publisher's running total of one kind of its losses ({@code stage event count});
     * what it reported beyond what reached this consumer (the report came while this consumer was
     * away) is told now, as the report would have. With JetStream a missed report is in the stream.
     */
    private void reportedLosses(NodeRun run, String line, List<Event> into) {
        String[] f = line.split(" ");
        if (jetStream != null || f.length != 3 || LossStage.byName(f[0]).isEmpty()) {
            return;
        }
        long reported;
        try {
            reported = Long.parseLong(f[2]);
        } catch (NumberFormatException notOurs) {
            return;
        }
        String key = f[0] + ' ' + f[1];
        Long told = run.told.get(key);
        if (told == null && !run.fromStart) {
            run.told.put(key, reported); // joined this run late: what was reported before is not ours to tell
            return;
        }
        long missed = reported - (told == null ? 0 : told);
        if (missed > 0) {
            run.told.put(key, reported);
            into.add(new Loss(new EventMeta(run.node, 0, 0, "nodescope-publish", 0, WallClock.epochNanos(), run.lastSeq), f[0], f[1], missed));
        }
    }

    private boolean subscribed(String subject) {
        for (String s : subjects) {
            if (Subjects.matches(s, subject)) {
                return true;
            }
        }
        return false;
    }

    private boolean wantedNode(String node) {
        if (nodes.isEmpty()) {
            return true;
        }
        for (Pattern p : nodes) {
            if (p.matcher(node).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Events of {@code subject} published but never received: counted, and told as a loss event of that node. */
    private void lost(NodeRun run, String subject, long n, List<Event> into) {
        String node = run.node;
        if (jetStream == null && subject.equals(Subjects.of(node, Loss.NAME))) {
            return; // a publisher's loss report: its totals tell what it said (reportedLosses)
        }
        String eventName = subject.substring(Subjects.ROOT.length() + node.length() + 2).replaceFirst("\\.", ":");
        Optional<Tracepoint> tp = Tracepoint.byFullName(eventName);
        if (tp.isPresent()) {
            tally.addLost(LossStage.CONSUME, tp.get().id(), n);
        } else {
            consumeLostOther += n;
        }
        into.add(new Loss(new EventMeta(node, 0, 0, "nodescope-consume", 0, WallClock.epochNanos(), run.lastSeq),
                LossStage.CONSUME.jsonName(), eventName, n));
    }

    /** The node's closed rounds in its order, unless something earlier may still come ({@code ending}: no more will). */
    private void deliver(NodeRun run, EventSink sink, boolean ending) {
        expireHoles(run, ending);
        if (!run.deliverable()) {
            return;
        }
        run.drainReady(e -> {
            if (e instanceof TracepointEvent tp) {
                tally.received(tp.tracepoint().id());
            }
            sink.accept(e);
        });
        snapshot = tally.snapshot();
    }

    private void deliverAll(EventSink sink) {
        deliverAll(sink, false);
    }

    /** Every node's closed rounds that can go; a publisher silent for long (or the end) closes its round as it is. */
    private void deliverAll(EventSink sink, boolean ending) {
        long now = System.nanoTime();
        for (NodeRun run : runs.values()) {
            if (ending || now - run.lastNanos > SILENT_PUBLISHER_MILLIS * 1_000_000) {
                run.roundEnded = true;
                run.close();
            }
            deliver(run, sink, ending);
        }
    }

    /** Events published for tool events (loss, alert, attached) that never arrived. */
    public long consumeLostOther() {
        return consumeLostOther;
    }

    @Override
    public SourceStats stats() {
        return snapshot;
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
