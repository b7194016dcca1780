package dev.nodescope.fleet;

import dev.nodescope.tool.WallClock;
import dev.nodescope.codec.EventCodec;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.stream.LossStage;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.security.SecureRandom;

/**
 * Publishes events to NATS in batches: per subject ({@link Subjects}), each batch one
 * {@link EventCodec} body with the {@link BatchHeaders}, every subject's pending batch sent
 * together at each flush point of the stream (a round) or when a batch is full. Runs on the
 * stream thread.
 *
 * <p>Nothing is lost silently. While the server is unreachable jnats keeps what is published in
 * its reconnect buffer (the outbox, {@code --outbox}) and sends it on reconnection; what does not
 * fit is counted here at stage {@code queue} and published as {@code nodescope:loss} once
 * connected again (its subject totals are rolled back, so no consumer counts it twice); when that
 * was a round's marked last batch, the node's totals end the round instead. What the
 * server then loses, consumers see as a gap in the subject's total and count at stage
 * {@code consume}. When the server's {@code max_payload} is smaller than a message with its
 * payload (a block), the message goes without its payload, counted at {@code payload_dropped}.
 * Every {@link #TOTALS_EVERY} and at the end each node's subject totals follow (with the losses
 * reported so far), so a consumer also counts the last batches of a subject it missed.
 * With JetStream, each batch is acknowledged; one without an acknowledgement (the stream electing
 * a new leader after a server failed) is sent again under the same message id until stored; one
 * the server refuses is counted at {@code publish} (consumers see the same gap). A full outgoing queue makes this thread wait, and
 * the kernel ring then counts what it could not hold: the traced node itself never waits.
 */
public final class Publisher implements AutoCloseable {
    /** Events per batch at most: big enough to amortise a message, small enough to keep latency low. */
    static final int MAX_BATCH_EVENTS = 4000;
    /** Payload bytes (estimated before encoding) per batch at most, under NATS's default 1 MB max_payload. */
    static final int MAX_BATCH_BYTES = 512 * 1024;
    /** JetStream batches awaiting their acknowledgement at most; beyond, this thread waits for acks. */
    static final int MAX_PENDING_ACKS = 1024;
    private static final int ESTIMATED_EVENT_BYTES = 48;
    /** How often each node's subject totals go out ({@link BatchHeaders}): the most a lost last batch stays uncounted. */
    static final java.time.Duration TOTALS_EVERY = java.time.Duration.ofSeconds(1);
    /** How often JetStream messages without an acknowledgement are sent again. */
    static final java.time.Duration RESEND_EVERY = java.time.Duration.ofMillis(250);
    /** How long they are: within JetStream's duplicate window, so that one stored after all is not stored twice. */
    static final java.time.Duration RESEND_FOR = JetStreams.DUPLICATE_WINDOW.minusSeconds(30);

    private final Connection nats;
    private final JetStream jetStream;
    private final String stream;
    private final String publisherId;
    /** Per node (a publisher has one; a replay of several nodes' archives more): its subjects' batches. */
    private final Map<String, NodeSubjects> nodes = new LinkedHashMap<>();
    /** The batches holding events for the next round, in the order their first event came. */
    private final List<Batch> pending = new ArrayList<>();
    private final Map<String, Long> totals = new ConcurrentHashMap<>();
    private String lastNodeName;
    private NodeSubjects lastNode;
    private final Semaphore acks = new Semaphore(MAX_PENDING_ACKS);
    private final LossCounts losses = new LossCounts();
    private final LossCounts reported = new LossCounts();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long totalsSentNanos = System.nanoTime();
    private final AtomicLong totalsSent = new AtomicLong();
    private final java.util.Queue<Unstored> unstored = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Rounds whose last batch the outbox could not hold, after some of theirs went out: their ends are still to be sent. */
    private final java.util.Queue<UnsentEnd> unsentEnds = new java.util.ArrayDeque<>();
    private long nextResendNanos;

    /** A subject's events waiting for the next round. */
    private static final class Batch {
        final String subject;
        final NodeSubjects node;
        final List<Event> events = new ArrayList<>();
        long estimatedBytes;

        Batch(String subject, NodeSubjects node) {
            this.subject = subject;
            this.node = node;
        }
    }

    /** Round {@code round} of {@code node} ended with {@code events} events sent, but its marked last batch was not. */
    private record UnsentEnd(String node, long round, long events) {
    }

    /** A node's batches by event name (the subject is made once, not per event), its last sequence number and its rounds. */
    private static final class NodeSubjects {
        final String name;
        final Map<String, Batch> byEvent = new java.util.HashMap<>();
        long lastSeq;
        /** The node's rounds so far (each numbered, 1, 2, ...: a consumer sees one that did not come). */
        long round;
        /** The node's events of the current round sent so far. */
        long roundSent;
        /** Its last batch in the round being sent (it carries the round's end). */
        Batch lastInRound;
        boolean roundStarted;

        NodeSubjects(String name) {
            this.name = name;
        }
    }

    /**
     * @param jetStream the JetStream context to publish with acknowledgements, or null for core NATS
     * @param stream    the JetStream stream (with {@code jetStream}), checked to exist by the caller
     */
    public Publisher(Connection nats, JetStream jetStream, String stream) {
        this.nats = nats;
        this.jetStream = jetStream;
        this.stream = stream;
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.publisherId = HexFormat.of().formatHex(id);
    }

    /** One event (the stream thread). */
    public void accept(Event e) {
        String node = e.meta().node();
        NodeSubjects ns = lastNode;
        if (ns == null || !node.equals(lastNodeName)) {
            ns = nodes.computeIfAbsent(node, NodeSubjects::new);
            lastNode = ns;
            lastNodeName = node;
        }
        String name = e.name();
        Batch b = ns.byEvent.get(name);
        if (b == null) {
            b = new Batch(Subjects.of(node, name), ns);
            ns.byEvent.put(name, b);
        }
        if (b.events.isEmpty()) {
            pending.add(b);
        }
        b.events.add(e);
        b.estimatedBytes += ESTIMATED_EVENT_BYTES + (e instanceof MessageEvent m && m.payload() != null ? m.payload().length : 0);
        ns.lastSeq = e.meta().seq();
        if (b.events.size() >= MAX_BATCH_EVENTS || b.estimatedBytes >= MAX_BATCH_BYTES) {
            flush();
        }
    }

    /** Sends every pending batch as one round, and the losses not yet reported when connected (the stream's flush points). */
    public void flush() {
        resendUnstored(false);
        sendUnsentEnds();
        if (pending.isEmpty()) {
            reportLosses();
            sendTotalsEvery();
            return;
        }
        for (Batch b : pending) {
            b.node.lastInRound = b;
            b.node.roundStarted = false;
        }
        for (Batch b : pending) {
            NodeSubjects ns = b.node;
            if (!ns.roundStarted) {
                ns.roundStarted = true;
                ns.round++;
                ns.roundSent = 0;
            }
            boolean last = ns.lastInRound == b;
            if (!send(ns, b.subject, b.events, last) && last) {
                if (ns.roundSent == 0) {
                    ns.round--; // nothing of it went out (the outbox full): no consumer is to wait for it
                } else {
                    // some went out: a JetStream consumer waits for the round's end (up to its grace) unless it is told
                    unsentEnds.add(new UnsentEnd(ns.name, ns.round, ns.roundSent));
                }
            }
            b.events.clear();
            b.estimatedBytes = 0;
        }
        pending.clear();
        sendUnsentEnds(); // at once: the outbox may hold this small message where it could not hold the batch
        reportLosses();
        sendTotalsEvery();
    }

    private void sendTotalsEvery() {
        if (System.nanoTime() - totalsSentNanos >= TOTALS_EVERY.toNanos()) {
            sendTotals();
        }
    }

    /** Each node's subject totals, after everything they count (one connection keeps the order). */
    private void sendTotals() {
        totalsSentNanos = System.nanoTime();
        if (nats.getStatus() != Connection.Status.CONNECTED) {
            return; // what the outbox holds goes first on reconnection; the next totals follow it
        }
        for (Map.Entry<String, NodeSubjects> each : nodes.entrySet()) {
            try {
                sendTotals(each.getKey(), each.getValue().round, -1);
            } catch (IllegalStateException gone) {
                return; // the connection dropped again: the next totals say it
            }
        }
    }

    /**
     * One node's subject totals as a message of round {@code round}; with {@code roundEnd} (else -1)
     * they also end that round ({@link BatchHeaders#ROUND_END}).
     *
     * @throws IllegalStateException when the outbox cannot hold them (the server away) or the connection is closed
     */
    private void sendTotals(String node, long round, long roundEnd) {
        String prefix = Subjects.prefix(node);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, Long> t : totals.entrySet()) {
            if (t.getKey().startsWith(prefix)) {
                body.append(t.getKey()).append(' ').append(t.getValue()).append('\n');
            }
        }
        // and the losses reported so far: a consumer that missed a report (not yet subscribed again) learns of them here
        reported.all().forEach((k, n) -> body.append(BatchHeaders.LOSS_LINE).append(k.stage().jsonName()).append(' ')
                .append(k.eventName()).append(' ').append(n).append('\n'));
        Headers headers = new Headers().put(BatchHeaders.PUBLISHER, publisherId).put(BatchHeaders.ROUND, Long.toString(round));
        if (roundEnd >= 0) {
            headers.put(BatchHeaders.ROUND_END, Long.toString(roundEnd));
        }
        transmit(Subjects.totals(node), headers, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(),
                publisherId + "-totals-" + node + "-" + totalsSent.incrementAndGet());
    }

    /**
     * The ends of rounds whose marked last batch the outbox could not hold, in order, each on the
     * node's totals (which count only what went out) as that round's last message: a JetStream
     * consumer has the round whole once the events that went out came, instead of waiting out its
     * grace for an end that was never sent. What the outbox cannot hold yet goes at a later flush.
     */
    private void sendUnsentEnds() {
        for (UnsentEnd end = unsentEnds.peek(); end != null; end = unsentEnds.peek()) {
            try {
                sendTotals(end.node(), end.round(), end.events());
            } catch (IllegalStateException stillFull) {
                return;
            }
            unsentEnds.poll();
        }
    }

    /**
     * @param endsRound whether this is the node's last message of the round (its header says so, with the round's events)
     * @return whether it went out (split, its last part: the one with the round's end); else its events are counted lost
     */
    private boolean send(NodeSubjects node, String subject, List<Event> batch, boolean endsRound) {
        byte[] body = EventCodec.encode(batch);
        long max = nats.getMaxPayload();
        if (body.length > max - 512) { // room for the headers
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                send(node, subject, new ArrayList<>(batch.subList(0, half)), false);
                return send(node, subject, new ArrayList<>(batch.subList(half, batch.size())), endsRound);
            }
            Event only = batch.getFirst();
            if (only instanceof MessageEvent m && m.payload() != null) {
                losses.add(LossStage.PAYLOAD_DROPPED, only.name(), 1);
                return send(node, subject, List.of(m.withoutPayload()), endsRound);
            }
            losses.add(LossStage.QUEUE, only.name(), 1);
            return false;
        }
        long total = totals.merge(subject, (long) batch.size(), Long::sum);
        Headers headers = new Headers().put(BatchHeaders.PUBLISHER, publisherId).put(BatchHeaders.TOTAL, Long.toString(total))
                .put(BatchHeaders.COUNT, Integer.toString(batch.size())).put(BatchHeaders.ROUND, Long.toString(node.round));
        if (endsRound) {
            headers.put(BatchHeaders.ROUND_END, Long.toString(node.roundSent + batch.size()));
        }
        try {
            // the id makes a batch resent after a reconnection or a failover stored once (JetStream's duplicate window)
            transmit(subject, headers, body, batch.stream().map(Event::name).toList(), publisherId + "-" + subject + "-" + total);
        } catch (IllegalStateException outboxFull) {
            // jnats' reconnect buffer is full (the server away too long): never sent, so no consumer will count it
            totals.merge(subject, (long) -batch.size(), Long::sum);
            countLost(LossStage.QUEUE, batch);
            return false;
        }
        node.roundSent += batch.size();
        events.addAndGet(batch.size());
        batches.incrementAndGet();
        bytes.addAndGet(body.length);
        return true;
    }

    /** Publishes one message: on core NATS as is, with JetStream acknowledged under a message id (stored once, however often sent). */
    private void transmit(String subject, Headers headers, byte[] body, List<String> names, String messageId) {
        if (jetStream == null) {
            nats.publish(subject, headers, body);
        } else {
            publishAcknowledged(new Unstored(subject, headers, body, PublishOptions.builder().stream(stream).messageId(messageId).build(),
                    names, System.nanoTime()));
        }
    }

    /** A JetStream message not yet acknowledged: what a resend needs. */
    private record Unstored(String subject, Headers headers, byte[] body, PublishOptions options, List<String> names, long firstSentNanos) {
    }

    private void publishAcknowledged(Unstored m) {
        try {
            acks.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for JetStream acknowledgements", e);
        }
        CompletableFuture<?> ack;
        try {
            ack = jetStream.publishAsync(m.subject(), m.headers(), m.body(), m.options());
        } catch (RuntimeException e) {
            acks.release();
            throw e;
        }
        ack.whenComplete((a, failure) -> {
            if (failure != null) {
                if (refused(failure) || System.nanoTime() - m.firstSentNanos() > RESEND_FOR.toNanos()) {
                    m.names().forEach(n -> losses.add(LossStage.PUBLISH, n, 1));
                } else {
                    unstored.add(m); // before the permit goes back: drain sees it
                }
            }
            acks.release();
        });
    }

    /** Whether JetStream itself said no (a limit, a bad stream): resending would not help. */
    private static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JetStreamApiException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends again, in their order, the messages whose acknowledgement failed for want of the
     * stream (no responders while a failed server's stream elects a new leader, an acknowledgement
     * lost with the connection): the same message id, so one that had been stored is not stored twice.
     */
    private void resendUnstored(boolean now) {
        if (unstored.isEmpty() || (!now && System.nanoTime() < nextResendNanos) || nats.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        nextResendNanos = System.nanoTime() + RESEND_EVERY.toNanos();
        List<Unstored> again = new ArrayList<>();
        for (Unstored m = unstored.poll(); m != null; m = unstored.poll()) {
            again.add(m);
        }
        for (int i = 0; i < again.size(); i++) {
            try {
                publishAcknowledged(again.get(i));
            } catch (IllegalStateException gone) {
                unstored.addAll(again.subList(i, again.size())); // the connection dropped again: next time
                return;
            }
        }
    }

    private void countLost(LossStage stage, List<Event> batch) {
        for (Event e : batch) {
            losses.add(stage, e.name(), 1);
        }
    }

    /** Publishes the {@code queue} losses counted since the last report, once the server is there to take them. */
    private void reportLosses() {
        if (nats.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        Map<LossCounts.Key, Long> news = losses.since(reported, LossStage.QUEUE);
        if (news.isEmpty()) {
            return;
        }
        long epochNanos = WallClock.epochNanos();
        for (Map.Entry<String, NodeSubjects> node : nodes.entrySet()) {
            List<Event> lossEvents = new ArrayList<>();
            EventMeta meta = new EventMeta(node.getKey(), 0, 0, "nodescope-publish", 0, epochNanos, node.getValue().lastSeq);
            news.forEach((k, n) -> lossEvents.add(new Loss(meta, k.stage().jsonName(), k.eventName(), n)));
            String subject = Subjects.of(node.getKey(), Loss.NAME);
            long total = totals.merge(subject, (long) lossEvents.size(), Long::sum);
            Headers headers = new Headers().put(BatchHeaders.PUBLISHER, publisherId).put(BatchHeaders.TOTAL, Long.toString(total))
                    .put(BatchHeaders.COUNT, Integer.toString(lossEvents.size())).put(BatchHeaders.ROUND, Long.toString(node.getValue().round))
                    .put(BatchHeaders.REPORT, "1");
            try {
                transmit(subject, headers, EventCodec.encode(lossEvents), lossEvents.stream().map(Event::name).toList(),
                        publisherId + "-" + subject + "-" + total);
            } catch (IllegalStateException gone) {
                totals.merge(subject, (long) -lossEvents.size(), Long::sum);
                return; // the connection dropped again: report next time
            }
        }
        news.forEach(reported::add);
    }

    /**
     * Sends what is pending and waits (up to {@code timeoutMillis}) until the server has it (and
     * JetStream acknowledged it), then the losses not yet reported and the totals: a run that ends
     * while the server is away waits for it within that time, or consumers would never learn of
     * what its outbox could not hold, nor of the last batches they missed.
     */
    public void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        flush();
        awaitStored(deadline);
        awaitServer(deadline);
        sendUnsentEnds();
        reportLosses();
        sendTotals();
        awaitServer(deadline);
        awaitStored(deadline);
        for (Unstored m = unstored.poll(); m != null; m = unstored.poll()) {
            m.names().forEach(n -> losses.add(LossStage.PUBLISH, n, 1)); // the stream did not come back in time
        }
    }

    /** With JetStream: waits until every message is acknowledged, resending those that were not, or the deadline passed. */
    private void awaitStored(long deadline) throws InterruptedException {
        if (jetStream == null) {
            return;
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !acks.tryAcquire(MAX_PENDING_ACKS, left, TimeUnit.NANOSECONDS)) {
                return;
            }
            acks.release(MAX_PENDING_ACKS);
            if (unstored.isEmpty()) {
                return;
            }
            Thread.sleep(RESEND_EVERY.toMillis());
            resendUnstored(true);
        }
    }

    /** Waits until connected and the server has everything sent so far, or the deadline passed (the summary then says what was lost). */
    private void awaitServer(long deadline) throws InterruptedException {
        while (nats.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return;
        }
        try {
            nats.flush(java.time.Duration.ofMillis(left));
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            // still away, or gone again
        }
    }

    public long eventsPublished() {
        return events.get();
    }

    public long batchesPublished() {
        return batches.get();
    }

    public long bytesPublished() {
        return bytes.get();
    }

    /** Events this publisher lost or sent without their payload, by stage (only stages with losses). */
    public Map<LossStage, Long> lossesByStage() {
        return losses.byStage();
    }

    @Override
    public void close() {
        flush();
    }
}
