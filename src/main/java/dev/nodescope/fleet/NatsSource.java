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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * <p>Each node's events come out in their order (seq): a publisher sends the batches of all its
 * subjects round by round and NATS keeps a connection's order, so a round is complete once a
 * batch of a later one (or nothing for {@link #IDLE_MILLIS}) arrives; it is then sorted and
 * delivered. Every event published but not received is counted exactly, per subject, from the
 * gap in the publisher's running total ({@link BatchHeaders}), and reported as a
 * {@code nodescope:loss} at stage {@code consume}: a slow consumer the server dropped messages
 * for, a server that went away with messages in flight; the publisher's periodic totals show
 * what a subject's next batch cannot (its last ones). With JetStream a gap may be a batch resent
 * after a failover, stored after later ones: the node's events wait (up to
 * {@link #HOLE_GRACE_NANOS}) for it and come out in order. With JetStream an ordered consumer
 * reads the stream from {@code --from} (else from now) and resumes by itself after a failover.
 */
public final class NatsSource implements EventSource {
    /**
     * With JetStream, how long a gap may wait for its batch: a publisher resends what the stream
     * did not acknowledge (a server failed, its streams elect new leaders), stored after what was
     * published meanwhile; the node's events are held back until it came, in order, or is counted lost.
     */
    static final long HOLE_GRACE_NANOS = 30_000_000_000L;
    /** A round whose last message came is delivered after this much quiet (or when the next round begins). */
    static final long IDLE_MILLIS = 50;
    /**
     * A round whose last message did not come (it was on a subject this consumer does not read,
     * or lost) is delivered after this much quiet: a publisher paused within a round (a loaded
     * machine) must not have its round split, and out of order.
     */
    static final long OPEN_ROUND_MILLIS = 250;
    /** Messages handed from jnats' dispatcher to the stream thread at most; beyond, jnats' own (bounded) pending queue holds them. */
    private static final int HANDOFF = 4096;
    /** jnats' pending queue per subscription at most (messages, bytes); beyond, it drops and reports a slow consumer. */
    private static final int PENDING_MESSAGES = 200_000;
    private static final long PENDING_BYTES = 512L << 20;
    /** Publisher runs remembered (their totals and rounds); the oldest go first. */
    private static final int MAX_PUBLISHERS = 4096;

    private final Connection nats;
    private final List<String> subjects;
    private final List<Pattern> nodes;
    private final JetStream jetStream;
    private final String stream;
    private final Instant from;
    private BlockingQueue<Message> handoff = new ArrayBlockingQueue<>(HANDOFF);
    private int pendingMessages = PENDING_MESSAGES;
    private final SourceStats.Tally tally = new SourceStats.Tally(LossStage.CONSUME);
    private final Map<String, PublisherRun> publishers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublisherRun> eldest) {
            return size() > MAX_PUBLISHERS;
        }
    };
    private volatile SourceStats snapshot = SourceStats.empty();
    private volatile boolean stopped;
    private long consumeLostOther;

    /** What is known of one publisher run: its current round's events and each subject's total so far. */
    private static final class PublisherRun {
        long round = -1;
        /** Whether this consumer got the run's first round: then a subject's first batch starts at total 0, else where it was joined. */
        boolean fromStart;
        /** Whether the current round's last message came; when it has not, a quiet moment may be a pause inside the round. */
        boolean roundEnded;
        long lastNanos;
        final List<Event> buffered = new ArrayList<>();
        final Map<String, Long> totals = new HashMap<>();
        /** With JetStream: what is missing yet may still come (a batch resent after a failover is stored after later ones). */
        final List<Hole> holes = new ArrayList<>();
        /** Core NATS: the publisher's losses it reported that reached this consumer, by node, stage and event. */
        final Map<String, Long> told = new HashMap<>();
    }

    /** Events {@code [from, to)} of a subject's totals, missing since {@code noticedNanos}. */
    private record Hole(String node, String subject, long from, long to, long noticedNanos) {
    }

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
            while (!stopped) {
                Message m = handoff.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                if (m == null) {
                    deliverAll(sink);
                    sink.flush();
                    continue;
                }
                take(m, sink);
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
        if (publisher == null) {
            return; // not a nodescope batch
        }
        long round = Long.parseLong(h.getFirst(BatchHeaders.ROUND));
        PublisherRun run = publishers.get(publisher);
        if (run == null) {
            run = new PublisherRun();
            run.fromStart = round == 1;
            publishers.put(publisher, run);
        }
        if (round != run.round) {
            deliver(run, sink);
            run.round = round;
            run.roundEnded = false;
        }
        run.lastNanos = System.nanoTime();
        if (h.getFirst(BatchHeaders.ROUND_END) != null) {
            run.roundEnded = true; // delivered at the next quiet moment (or when the next round begins)
        }
        String subject = m.getSubject();
        String node = Subjects.node(subject);
        if (node == null || !wantedNode(node) || !subscribed(subject)) {
            return; // with JetStream one consumer reads all of nodescope.>: the subjects are chosen here
        }
        if (h.getFirst(BatchHeaders.TOTAL) == null) {
            if (subject.equals(Subjects.totals(node))) {
                checkTotals(run, node, new String(m.getData(), java.nio.charset.StandardCharsets.UTF_8));
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
            advance(run, node, subject, total - count);
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
                run.told.merge(node + ' ' + l.stage() + ' ' + l.tracepoint(), l.count(), Long::sum);
            }
            if (!(e instanceof TracepointEvent tp) || sink.wants(tp.tracepoint())) {
                run.buffered.add(e);
            }
        }
    }

    /** A subject's total reached {@code before} a batch (or by the totals): what came in between never arrived. */
    private void advance(PublisherRun run, String node, String subject, long before) {
        Long last = run.totals.get(subject);
        if (last == null) {
            if (!run.fromStart) {
                return; // joined this run late: counting starts here
            }
            last = 0L;
        }
        if (before > last) {
            if (jetStream == null) {
                lost(run, node, subject, before - last); // core NATS sends nothing twice: a gap is a loss
            } else {
                run.holes.add(new Hole(node, subject, last, before, System.nanoTime()));
            }
        }
    }

    /** A batch {@code [from, to)} of a subject that came after later ones: whether it fills a hole (else it came before). */
    private static boolean fill(PublisherRun run, String subject, long from, long to) {
        for (int i = 0; i < run.holes.size(); i++) {
            Hole h = run.holes.get(i);
            if (h.subject().equals(subject) && h.from() <= from && to <= h.to()) {
                run.holes.remove(i);
                if (h.from() < from) {
                    run.holes.add(new Hole(h.node(), subject, h.from(), from, h.noticedNanos()));
                }
                if (to < h.to()) {
                    run.holes.add(new Hole(h.node(), subject, to, h.to(), h.noticedNanos()));
                }
                return true;
            }
        }
        return false;
    }

    /** Holes older than the grace (or all, at the end) are lost: counted, and told. */
    private void expireHoles(PublisherRun run, boolean all) {
        long now = System.nanoTime();
        run.holes.removeIf(h -> {
            if (all || now - h.noticedNanos() > HOLE_GRACE_NANOS) {
                lost(run, h.node(), h.subject(), h.to() - h.from());
                return true;
            }
            return false;
        });
    }

    /** A node's subject totals: the subjects this consumer reads whose last batches never arrived are counted now. */
    private void checkTotals(PublisherRun run, String node, String body) {
        for (String line : body.split("\n")) {
            if (line.startsWith(BatchHeaders.LOSS_LINE)) {
                reportedLosses(run, node, line.substring(BatchHeaders.LOSS_LINE.length()));
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
            advance(run, node, subject, total);
            run.totals.merge(subject, total, Math::max);
        }
    }

    /**
     * Core NATS: a publisher's running total of one kind of its losses ({@code stage event count});
     * what it reported beyond what reached this consumer (the report came while this consumer was
     * away) is told now, as the report would have. With JetStream a missed report is in the stream.
     */
    private void reportedLosses(PublisherRun run, String node, String line) {
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
        String key = node + ' ' + f[0] + ' ' + f[1];
        Long told = run.told.get(key);
        if (told == null && !run.fromStart) {
            run.told.put(key, reported); // joined this run late: what was reported before is not ours to tell
            return;
        }
        long missed = reported - (told == null ? 0 : told);
        if (missed > 0) {
            run.told.put(key, reported);
            long seq = run.buffered.isEmpty() ? 0 : run.buffered.getLast().meta().seq();
            run.buffered.add(new Loss(new EventMeta(node, 0, 0, "nodescope-publish", 0, WallClock.epochNanos(),
                    seq), f[0], f[1], missed));
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
    private void lost(PublisherRun run, String node, String subject, long n) {
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
        long seq = run.buffered.isEmpty() ? 0 : run.buffered.getLast().meta().seq();
        run.buffered.add(new Loss(new EventMeta(node, 0, 0, "nodescope-consume", 0, WallClock.epochNanos(),
                seq), LossStage.CONSUME.jsonName(), eventName, n));
    }

    private static final Comparator<Event> NODE_ORDER = Comparator.comparing((Event e) -> e.meta().node())
            .thenComparingLong(e -> e.meta().seq());

    private void deliver(PublisherRun run, EventSink sink) {
        deliver(run, sink, false);
    }

    /** The run's buffered events in each node's order, unless a hole may still be filled ({@code ending}: no more will come). */
    private void deliver(PublisherRun run, EventSink sink, boolean ending) {
        expireHoles(run, ending);
        if (run.buffered.isEmpty() || !run.holes.isEmpty()) {
            return;
        }
        run.buffered.sort(NODE_ORDER); // stable: a loss notice stays after the event it follows
        for (Event e : run.buffered) {
            if (e instanceof TracepointEvent tp) {
                tally.received(tp.tracepoint().id());
            }
            sink.accept(e);
        }
        run.buffered.clear();
        snapshot = tally.snapshot();
    }

    private void deliverAll(EventSink sink) {
        deliverAll(sink, false);
    }

    private void deliverAll(EventSink sink, boolean ending) {
        long now = System.nanoTime();
        for (PublisherRun run : publishers.values()) {
            if (ending || run.roundEnded || now - run.lastNanos > OPEN_ROUND_MILLIS * 1_000_000) {
                deliver(run, sink, ending);
            }
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
