package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.codec.EventCodec;
import dev.nodescope.event.Event;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.LossStage;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NATS server killed while a node publishes: without JetStream every event is either received
 * or counted lost, exactly, and the loss is reported; with JetStream on a 3-server cluster
 * (replication 3) nothing is lost at all; with JetStream on one server, a round whose last batch
 * the outbox could not hold holds nothing back.
 */
class FleetFailoverTest {
    static final String NODE = "fra1";
    static final int LINES = 3000;

    @TempDir
    static Path dir;
    static BusyNodeArchive busy;
    static Path archive;
    static List<String> own;

    @BeforeAll
    static void node() throws Exception {
        NatsServer.require();
        busy = BusyNodeArchive.write(dir.resolve(NODE), NODE, 1, LINES);
        archive = busy.dir();
        Cli.Result r = Cli.run("log", "--replay", archive.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        own = r.stdoutLines();
    }

    /** The consumer's own count of what it lost at consume (its summary line), 0 without one. */
    static long consumeSummary(String stderr) {
        Matcher m = Pattern.compile("nodescope: (\\d+) lost at consume ").matcher(stderr);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Hands events to a publisher as the stream would: a flush point every few events. */
    static void feed(Publisher publisher, List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            publisher.accept(events.get(i));
            if (i % 8 == 7) {
                publisher.flush();
            }
        }
        publisher.flush();
    }

    /** Events received, lost at consume or lost in the publisher's outbox, so far. */
    static long accounted(List<String> lines, Publisher publisher) {
        FleetLines got = new FleetLines(lines);
        return got.events.size() + got.lost("consume") + publisher.lossesByStage().getOrDefault(LossStage.QUEUE, 0L);
    }

    @Test
    void coreNatsServerKilledMidStreamEveryEventIsReceivedOrCountedLost() throws Exception {
        List<Event> events = busy.events();
        assertThat(events).hasSize(own.size());
        int third = events.size() / 3;
        try (NatsServer server = NatsServer.start(dir.resolve("core"), "core", "");
             CliProcess consumer = CliProcess.consumer("log", "--nats", server.url(), "--format", "json")) {
            NatsAccess access = NatsAccess.of(server.url());
            // an outbox of 4 KiB: what the publisher gets while the server is away overflows it
            Connection nats = access.connect(access.options("test publisher", new ErrorListener() { }, (c, e) -> { })
                    .reconnectBufferSize(4096).build());
            Publisher publisher = new Publisher(nats, null, null);
            feed(publisher, events.subList(0, third));
            consumer.awaitStdout(third);
            server.kill();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (nats.getStatus() == Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(10); // until the publisher knows: before, what it sends goes to a socket nobody reads (lost at consume)
            }
            feed(publisher, events.subList(third, 2 * third)); // the server is away: into the outbox, or lost there
            server.restart();
            consumer.awaitStderr("nodescope: NATS reconnected");
            deadline = System.nanoTime() + 30_000_000_000L;
            while (nats.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            feed(publisher, events.subList(2 * third, events.size()));
            publisher.drain(10_000);
            // a publisher that runs on sends its totals every second: once this consumer is subscribed again they show what it missed
            deadline = System.nanoTime() + 30_000_000_000L;
            while (accounted(consumer.stdout(), publisher) < events.size() && System.nanoTime() < deadline) {
                Thread.sleep(Publisher.TOTALS_EVERY.toMillis() + 100);
                publisher.drain(10_000);
            }
            nats.close();
            consumer.awaitQuiet(1000);
            assertThat(consumer.stop()).as(consumer.stderr()).isEqualTo(CliProcess.SIGTERM_EXIT);

            assertThat(consumer.stderr().split("nodescope: NATS connection lost", -1)).as("one line for the outage: " + consumer.stderr())
                    .hasSize(2);
            FleetLines got = new FleetLines(consumer.stdout());
            long queue = publisher.lossesByStage().getOrDefault(LossStage.QUEUE, 0L);
            long consume = got.lost("consume");
            assertThat(publisher.eventsPublished() + queue).as("every event went to NATS or was counted lost in the outbox")
                    .isEqualTo(events.size());
            assertThat(got.events.size() + consume + queue).as("received + lost at consume + lost in the outbox").isEqualTo(events.size());
            assertThat(queue).as("the outbox overflowed while the server was away").isPositive();
            // reported once reconnected; a report that came before this consumer was subscribed again is in the next totals
            assertThat(got.lost("queue")).as("the publisher's queue losses reached the consumer as loss events").isEqualTo(queue);
            assertThat(consumeSummary(consumer.stderr())).as("the consumer's summary").isEqualTo(consume);
            assertThat(FleetLines.isSubsequence(got.events, own)).as("what arrived is the node's events in its order: "
                    + FleetLines.firstOutOfOrder(got.events, own)).isTrue();
        }
    }

    @Test
    void jetStreamReplicatedOnThreeServersLosesNothingWhenThePublishersServerIsKilled() throws Exception {
        try (NatsCluster cluster = NatsCluster.start(dir.resolve("cluster"), "fleet", 3)) {
            NatsServer first = cluster.server(0);
            // connected to the first server only: jnats learns the others from it and fails over to them
            try (CliProcess publisher = new CliProcess("publish", "--replay", archive.toString(), "--speed", "3x", "--nats", first.url(),
                    "--jetstream", "FLEET", "--jetstream-replicas", "3")) {
                publisher.awaitStderr("nodescope: publishing to");
                Thread.sleep(2000); // about a fifth of the replay
                first.kill();
                publisher.awaitStderr("nodescope: NATS reconnected");
                assertThat(publisher.await()).as(publisher.stderr()).isZero();
                assertThat(publisher.stderr()).contains(String.format(java.util.Locale.ROOT, "nodescope: published %,d events", own.size())).doesNotContain("lost:");
            }
            String others = cluster.server(1).url() + "," + cluster.server(2).url();
            for (int i = 1; i < 3; i++) {
                NatsCluster.awaitStream(cluster.server(i).url(), "FLEET"); // the two left have elected the stream's leader again
            }
            try (CliProcess consumer = CliProcess.consumer("log", "--nats", others, "--jetstream", "FLEET", "--from", "1h",
                    "--format", "json")) {
                consumer.awaitStdout(own.size());
                consumer.awaitQuiet(1000);
                assertThat(consumer.stdout()).as(() -> "every event once, in the node's order: " + FleetLines.difference(consumer.stdout(), own)
                        + "; stderr: " + consumer.stderr()).containsExactlyElementsOf(own);
                consumer.stop();
                assertThat(consumer.stderr()).doesNotContain(" lost at ");
            }
        }
    }

    /** Collects what a consumer delivers: the node's events' seqs in the order they came, and the losses it was told of. */
    static final class Collected implements EventSink {
        final List<Long> seqs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Loss> losses = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean wants(Tracepoint tracepoint) {
            return true;
        }

        @Override
        public void accept(Event event) {
            if (event instanceof TracepointEvent) {
                seqs.add(event.meta().seq());
            } else if (event instanceof Loss l) {
                losses.add(l);
            }
        }

        @Override
        public void flush() {
        }
    }

    @Test
    void jetStreamRoundWhoseLastBatchTheOutboxCouldNotHoldHoldsNothingBack() throws Exception {
        List<Event> events = busy.events();
        int third = events.size() / 3;
        // round R: one event, then many of another kind, so that its last batch is the big one
        Event first = events.get(third);
        Map<String, Long> kinds = new java.util.HashMap<>();
        events.subList(third + 1, events.size()).stream().filter(e -> e instanceof TracepointEvent && !e.name().equals(first.name()))
                .forEach(e -> kinds.merge(e.name(), 1L, Long::sum));
        String big = java.util.Collections.max(kinds.entrySet(), Map.Entry.comparingByValue()).getKey();
        List<Event> bigBatch = new java.util.ArrayList<>();
        int afterRound = third + 1;
        while (bigBatch.size() < 300) {
            Event e = events.get(afterRound++);
            if (e.name().equals(big)) {
                bigBatch.add(e);
            }
        }
        int outbox = 8192;
        assertThat(first).isInstanceOf(TracepointEvent.class);
        assertThat(EventCodec.encode(List.of(first)).length).as("the round's first batch fits the outbox").isLessThan(outbox / 8);
        assertThat(EventCodec.encode(bigBatch).length).as("its last batch does not").isGreaterThan(outbox);
        List<Event> later = events.subList(afterRound, events.size());

        try (NatsServer server = NatsServer.start(dir.resolve("round-end"), "round-end",
                "jetstream { store_dir: \"" + dir.resolve("round-end-js") + "\" }")) {
            NatsAccess access = NatsAccess.of(server.url());
            Connection nats = access.connect(access.options("test publisher", new ErrorListener() { }, (c, e) -> { })
                    .reconnectBufferSize(outbox).build());
            JetStreams.ensure(nats, "FLEET", new JetStreams.Retention(java.time.Duration.ofHours(1), 1L << 30, 1));
            Publisher publisher = new Publisher(nats, nats.jetStream(), "FLEET");
            feed(publisher, events.subList(0, third));
            publisher.drain(10_000); // all stored before the server goes
            server.kill();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (nats.getStatus() == Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            publisher.accept(first);
            bigBatch.forEach(publisher::accept);
            publisher.flush(); // the first batch goes into the outbox; the last, with the round's end, does not fit
            assertThat(publisher.lossesByStage()).isEqualTo(Map.of(LossStage.QUEUE, (long) bigBatch.size()));
            server.restart();
            NatsCluster.awaitStream(server.url(), "FLEET");
            deadline = System.nanoTime() + 30_000_000_000L;
            while (nats.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            feed(publisher, later);
            publisher.drain(10_000);
            nats.close();
            assertThat(publisher.lossesByStage()).as("only the batch the outbox could not hold").isEqualTo(Map.of(LossStage.QUEUE, (long) bigBatch.size()));

            List<Long> sent = new java.util.ArrayList<>();
            java.util.stream.Stream.of(events.subList(0, third), List.of(first), later).flatMap(List::stream)
                    .filter(e -> e instanceof TracepointEvent).forEach(e -> sent.add(e.meta().seq()));
            assertThat(publisher.eventsPublished()).isEqualTo(third + 1 + later.size());
            // a grace longer than the test waits: what comes out came without waiting for an end that was never sent
            NatsSource source = FleetSources.open(access, List.of(), Tracepoint.select(null), "FLEET",
                    new ArchiveSource.TimeBound(null, java.time.Duration.ofHours(1))).withHoleGrace(java.time.Duration.ofHours(1));
            Collected got = new Collected();
            Thread reader = Thread.ofPlatform().name("round-end-consumer").start(() -> {
                try {
                    source.run(got);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            deadline = System.nanoTime() + 60_000_000_000L;
            while (got.seqs.size() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Long> before = List.copyOf(got.seqs);
            List<Loss> told = List.copyOf(got.losses);
            source.stop();
            reader.join(10_000);
            assertThat(before.size()).as("events delivered of those that went out: none held back after %s for round R's end",
                    before.isEmpty() ? "the start" : "seq " + before.getLast()).isEqualTo(sent.size());
            assertThat(before).as("in the node's order").isEqualTo(sent);
            assertThat(told).as("the outbox's loss, told once").singleElement().satisfies(l -> {
                assertThat(l.stage()).isEqualTo(LossStage.QUEUE.jsonName());
                assertThat(l.tracepoint()).isEqualTo(big);
                assertThat(l.count()).isEqualTo(bigBatch.size());
            });
        }
    }

    @Test
    void aPublisherStoppedAndStartedAgainPublishesOnWithoutFalseLoss() throws Exception {
        try (NatsServer server = NatsServer.start(dir.resolve("restart"), "restart", "");
             CliProcess consumer = CliProcess.consumer("log", "--nats", server.url(), "--format", "json")) {
            long first;
            try (CliProcess publisher = new CliProcess("publish", "--replay", archive.toString(), "--speed", "3x", "--nats", server.url())) {
                consumer.awaitStdout(own.size() / 4);
                assertThat(publisher.stop()).as(publisher.stderr()).isEqualTo(CliProcess.SIGTERM_EXIT);
                PublishSummary summary = PublishSummary.of(publisher.stderr());
                assertThat(summary.lost()).isEmpty();
                first = summary.published();
                assertThat(first).as("stopped mid-stream").isBetween((long) own.size() / 4, (long) own.size() - 1);
            }
            Cli.Result again = Cli.run("publish", "--replay", archive.toString(), "--nats", server.url());
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(PublishSummary.of(again.stderr())).isEqualTo(new PublishSummary(own.size(), Map.of()));
            consumer.awaitStdout((int) first + own.size());
            consumer.awaitQuiet(1000);
            List<String> expected = new java.util.ArrayList<>(own.subList(0, (int) first));
            expected.addAll(own);
            assertThat(consumer.stdout()).as("the first run's events as far as it got, then the second run's, nothing lost")
                    .containsExactlyElementsOf(expected);
            consumer.stop();
            assertThat(consumer.stderr()).doesNotContain(" lost at ");
        }
    }
}
