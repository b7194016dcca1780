package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Event;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.web.BusyNodeArchive;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer too slow for what is published: jnats drops messages for it, and it says so on
 * stderr and counts every dropped event exactly at stage consume (received + lost == published).
 */
class FleetSlowConsumerTest {
    @TempDir
    Path dir;

    /** Counts what it gets; blocks on its first event until released, as a tool that cannot keep up. */
    static final class StuckSink implements EventSink {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        final AtomicLong received = new AtomicLong();
        final AtomicLong toldLost = new AtomicLong();

        @Override
        public boolean wants(Tracepoint tracepoint) {
            return true;
        }

        @Override
        public void accept(Event event) {
            stuck.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (event instanceof TracepointEvent) {
                received.incrementAndGet();
            } else if (event instanceof Loss l && l.stage().equals(LossStage.CONSUME.jsonName())) {
                toldLost.addAndGet(l.count());
            }
        }

        @Override
        public void flush() {
        }
    }

    @Test
    void aSlowConsumerIsToldAndCountsEveryDroppedEvent() throws Exception {
        List<Event> events = BusyNodeArchive.write(dir.resolve("fra1"), "fra1", 1, 3000).events();
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(said, stderr), true,
                StandardCharsets.UTF_8));
        try (NatsServer server = NatsServer.start(dir.resolve("nats"), "slow", "")) {
            NatsSource source = FleetSources.open(NatsAccess.of(server.url()), List.of(),
                    Tracepoint.select(null), null, null).withQueues(16, 100);
            StuckSink sink = new StuckSink();
            Thread reader = Thread.ofPlatform().name("slow-consumer").start(() -> {
                try {
                    source.run(sink);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitSaid(said, "nodescope: reading ");
            try (Connection nats = Nats.connect(server.url())) {
                Publisher publisher = new Publisher(nats, null, null);
                for (Event e : events) {
                    publisher.accept(e);
                    publisher.flush(); // a message per event: thousands of messages for queues of a hundred
                }
                publisher.drain(10_000);
                sink.stuck.await();
                awaitSaid(said, "nodescope: NATS reports this consumer too slow");
                sink.release.countDown();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (sink.received.get() + sink.toldLost.get() < events.size() && System.nanoTime() < deadline) {
                    Thread.sleep(Publisher.TOTALS_EVERY.toMillis() + 100);
                    publisher.drain(10_000); // the totals again: what was dropped of each subject's last batches shows
                }
            }
            source.stop();
            reader.join(10_000);
            SourceStats stats = source.stats();
            long lost = 0;
            for (Tracepoint tp : Tracepoint.values()) {
                lost += stats.lost(LossStage.CONSUME, tp);
            }
            assertThat(lost).as("messages were dropped for the slow consumer").isPositive();
            assertThat(sink.received.get() + lost).as("received + lost at consume == published").isEqualTo(events.size());
            assertThat(sink.toldLost.get()).as("told as nodescope:loss events").isEqualTo(lost);
            assertThat(stats.totalReceived()).isEqualTo(sink.received.get());
            assertThat(said.toString(StandardCharsets.UTF_8).split("too slow", -1)).as("one line").hasSize(2);
        } finally {
            System.setErr(stderr);
        }
    }

    private static void awaitSaid(ByteArrayOutputStream said, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!said.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("stderr to say '%s'", text).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Writes to two streams: what the test reads, and the real stderr. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
