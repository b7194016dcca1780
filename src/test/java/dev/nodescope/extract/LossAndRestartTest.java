package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.RingStats;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.EventStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real BPF: exact loss accounting under overload, and re-attaching when bitcoind restarts. */
@ExtendWith(BpfAvailable.class)
class LossAndRestartTest {

    @Test
    void firedEqualsReceivedPlusReportedLostWithATinyRingUnderLoad() throws Exception {
        int hits = 200_000;
        Process load = new ProcessBuilder(Fixture.binary().toString(), "load", "net:inbound_message",
                Integer.toString(hits), "1", "--wait-attached", "--payload-size", "64").redirectErrorStream(true).start();
        // one page of ring holds about ten message records: most hits cannot be reserved
        LiveSource source = LiveSource.builder().pid(load.pid()).events(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE))
                .ringBytes(4096).payloadMax(64).build();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        long[] messages = {0};
        EventStream stream = EventStream.open(source)
                .onEvent(dev.nodescope.event.InboundMessage.class, m -> messages[0]++)
                .onEvent(Loss.class, events::add)
                .onEvent(Detached.class, events::add);
        stream.startAsync();
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode result = new ObjectMapper().readTree(new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

        long fired = result.get("fired").asLong();
        SourceStats stats = source.stats();
        Tracepoint tp = Tracepoint.NET_INBOUND_MESSAGE;
        long lost = stats.lost(LossStage.RING_RESERVE, tp);
        assertThat(fired).isEqualTo(hits);
        assertThat(stats.hits(tp)).isEqualTo(fired);
        assertThat(lost).as("the tiny ring must overflow").isPositive();
        assertThat(stats.received(tp)).isEqualTo(messages[0]);
        assertThat(stats.received(tp) + lost).isEqualTo(fired);
        long reported = events.stream().filter(e -> e instanceof Loss l && l.stage().equals("ring_reserve"))
                .mapToLong(e -> ((Loss) e).count()).sum();
        assertThat(reported).as("nodescope:loss events add up to the kernel's count").isEqualTo(lost);
        assertThat(events.getLast()).isInstanceOf(Detached.class);
        // the ring was full at times: the peak fill shows it
        RingStats ring = source.ringStats().orElseThrow();
        assertThat(ring.ringBytes()).isEqualTo(4096);
        assertThat(ring.peakBytes()).isBetween(2048L, 4096L);
    }

    @Test
    void followReattachesWhenTheProcessRestarts() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        String hashA = "00000000000000000000000000000000000000000000000000000000000000aa";
        String hashB = "00000000000000000000000000000000000000000000000000000000000000bb";
        try (Fixture first = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(first.pid()).follow(true)
                    .events(EnumSet.of(Tracepoint.VALIDATION_BLOCK_CONNECTED)).build();
            EventStream stream = EventStream.open(source).onEvent(events::add);
            stream.startAsync();
            first.send("wait-attached validation:block_connected 20000", "sleep 50",
                    "validation:block_connected " + hashA + " 1 1 1 0 1");
            first.finish();
            try (Fixture second = Fixture.play(Fixture.binary())) {
                second.send("wait-attached validation:block_connected 20000", "sleep 50",
                        "validation:block_connected " + hashB + " 2 1 1 0 1");
                assertThat(second.finish()).isEqualTo("done fired=1 skipped=0 errors=0");
                // the second process is gone too: wait for nodescope to notice it
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (events.stream().filter(Detached.class::isInstance).count() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                stream.close();
                assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
                List<String> sequence = new ArrayList<>();
                for (Event e : events) {
                    switch (e) {
                        case Attached a -> sequence.add("attached " + a.pid());
                        case Detached d -> sequence.add("detached " + d.meta().pid() + " " + d.reason());
                        case BlockConnected b -> sequence.add("block " + b.height() + " " + b.meta().pid() + " " + b.hash());
                        default -> sequence.add(e.name());
                    }
                }
                assertThat(sequence).containsExactly(
                        "attached " + first.pid(),
                        "block 1 " + first.pid() + " " + hashA,
                        "detached " + first.pid() + " process exited",
                        "attached " + second.pid(),
                        "block 2 " + second.pid() + " " + hashB,
                        "detached " + second.pid() + " process exited");
            }
        }
    }
}
