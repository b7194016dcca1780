package dev.nodescope.fleet;

import dev.nodescope.demo.StandInBinary;
import dev.nodescope.demo.StandInNode;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.StatusLines;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * bench/fleet-latency.sh: how long a hit in a traced node takes to reach a central consumer over
 * NATS, core and JetStream, on a loopback nats-server: a real traced node (the stand-in busy node,
 * then the fixture's load mode at LOAD_RATE hits/s) published through the real Publisher and
 * PublishTool, read by the NatsSource every {@code --nats} tool reads. Per event, wall-clock now
 * minus the event's time (the kernel timestamp of the hit, as epoch), twice: when the publisher
 * takes it (the ring's poll: up to 10 ms) and when the consumer's stream hands it to its tool
 * (adds the publisher's flush, NATS, and the consumer's round: a round is delivered when the next
 * one comes, or after 50 ms of quiet). Prints p50/p90/p99/p99.9/max (ms) and the counts.
 * Args: SECONDS LOAD_RATE (defaults 30 50000). Needs root (BPF) and /usr/sbin/nats-server.
 */
public final class FleetLatencyBench {
    private static final int WARMUP_SECONDS = 3;
    private static final String STREAM = "BENCH";

    private FleetLatencyBench() {
    }

    /** One measurement's figures: latencies at the publisher and at the consumer, losses on the way. */
    private record Result(Latencies atPublisher, Latencies atConsumer, double seconds, long published, long lostAtNode, long lostAtConsumer) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Path dir = BenchDirectory.create("fleet-latency");
        System.out.printf("%-9s %-16s %10s %9s %-11s %8s %8s %8s %8s %8s %6s %6s%n", "transport", "node", "events", "events/s", "at",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "lost@c");
        try (NatsServer server = NatsServer.start(dir, "bench", "jetstream { store_dir: \"" + dir.resolve("js") + "\" }")) {
            for (String stream : new String[] {null, STREAM}) {
                String transport = stream == null ? "core" : "JetStream";
                try (StandInNode node = StandInNode.start(1)) {
                    LiveSource live = LiveSource.builder().pid(node.pid()).node("bench").build();
                    print(transport, "busy node", measure(server, stream, live, null, seconds));
                }
                try (StandInBinary fixture = StandInBinary.extract()) {
                    long hits = (long) rate * (seconds + WARMUP_SECONDS);
                    Process load = new ProcessBuilder(fixture.path().toString(), "load", Tracepoint.NET_INBOUND_MESSAGE.fullName(),
                            Long.toString(hits), "1", "--rate", Integer.toString(rate), "--wait-attached")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    try {
                        LiveSource live = LiveSource.builder().pid(load.pid()).node("bench")
                                .events(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE)).build();
                        print(transport, String.format(Locale.ROOT, "load %,d/s", rate), measure(server, stream, live, load, seconds));
                    } finally {
                        load.destroy();
                    }
                }
            }
        }
        System.exit(0);
    }

    private static void print(String transport, String node, Result r) {
        for (boolean consumer : new boolean[] {false, true}) {
            Latencies l = consumer ? r.atConsumer : r.atPublisher;
            System.out.printf(Locale.ROOT, "%-9s %-16s %10d %9.0f %-11s %s %6d %6d%n", transport, node, l.count(), l.count() / r.seconds,
                    consumer ? "consumer" : "publisher", l.percentiles(), r.lostAtNode, consumer ? r.lostAtConsumer : 0);
        }
    }

    /**
     * Publishes {@code live} and reads it back; events whose hit falls in the measured window (after
     * a warm-up) are recorded. {@code load}: the fixture firing a known number of hits (the window
     * ends when it exits), or null (the busy node: the window lasts {@code seconds}).
     */
    private static Result measure(NatsServer server, String stream, LiveSource live, Process load, int seconds) throws Exception {
        NatsAccess access = NatsAccess.of(server.url());
        // as publish connects: its own connection with the outbox as jnats' reconnect buffer
        Connection nats = access.connect(access.options("bench publish", new ErrorListener() { }, (c, e) -> { })
                .reconnectBufferSize(64L << 20).build());
        if (stream != null) {
            JetStreams.ensure(nats, stream, new JetStreams.Retention(Duration.ofHours(1), 4L << 30, 1));
        }
        // the measured window of hit times (from, until) and the last hit the consumer got in it
        AtomicLongArray window = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0});
        Latencies atConsumer = new Latencies();
        NatsSource source = FleetSources.open(access, List.of(), Tracepoint.select(List.of()), stream, null);
        EventStream consumer = EventStream.open(source);
        consumer.onEvent(TracepointEvent.class, e -> {
            long t = e.meta().epochNanos();
            if (t >= window.get(0) && t < window.get(1)) {
                atConsumer.add(Latencies.nowEpochNanos() - t);
                window.accumulateAndGet(2, t, Math::max);
            }
        });
        consumer.startAsync();
        Thread.sleep(1000); // subscribed: it says so on stderr

        Publisher publisher = new Publisher(nats, stream == null ? null : nats.jetStream(), stream);
        PublishTool tool = new PublishTool(publisher, nats, server.url(), true, StatusLines.live(), System.err);
        Latencies atPublisher = new Latencies();
        EventStream publishing = EventStream.open(live);
        tool.register(publishing);
        // after the publisher's own handler: when the publisher has taken the event (its round goes at the next flush)
        publishing.onEvent(TracepointEvent.class, e -> {
            long t = e.meta().epochNanos();
            if (t >= window.get(0) && t < window.get(1)) {
                atPublisher.add(Latencies.nowEpochNanos() - t);
            }
        });
        publishing.startAsync();
        while (live.stats().totalReceived() == 0) {
            Thread.sleep(10);
        }
        Thread.sleep(WARMUP_SECONDS * 1000L);
        long start = Latencies.nowEpochNanos();
        window.set(0, start);
        if (load == null) {
            Thread.sleep(seconds * 1000L);
            window.set(1, Latencies.nowEpochNanos());
            Thread.sleep(500); // the window's last events reach the consumer
            publishing.close();
        } else {
            publishing.awaitTermination(Duration.ofSeconds(seconds + 60L)); // the fixture fired its hits and exited
        }
        publishing.awaitTermination(Duration.ofSeconds(10));
        publisher.drain(10_000);
        nats.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (source.stats().totalReceived() < publisher.eventsPublished() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        consumer.close();
        consumer.awaitTermination(Duration.ofSeconds(10));
        double measured = Math.max(1, window.get(2) - start) / 1e9; // up to the last hit received: the load's end, not its exit
        return new Result(atPublisher, atConsumer, measured, publisher.eventsPublished(), live.stats().eventsLost(),
                source.stats().eventsLost());
    }

}
