package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real BPF: records that wrap around the end of the ring arrive whole. The reader maps the ring's
 * data once, not twice, and puts a wrapping record together from its two pieces; a one-page ring
 * of 432-byte records (8-byte header, 360-byte message, the 64-byte payload class) wraps about once
 * every ten records, at a different place in the record each lap.
 */
@ExtendWith(BpfAvailable.class)
class RingWrapLiveTest {
    private static final int PAYLOAD = 61;

    @Test
    void everyRecordArrivesWholeThoughTheRingWrapsEveryTenRecords() throws Exception {
        int hits = 20_000;
        Process load = new ProcessBuilder(Fixture.binary().toString(), "load", "net:inbound_message", Integer.toString(hits),
                "1", "--rate", "40000", "--wait-attached", "--payload-size", Integer.toString(PAYLOAD)).redirectErrorStream(true).start();
        LiveSource source = LiveSource.builder().pid(load.pid()).events(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE))
                .ringBytes(4096).payloadMax(64).build();
        List<InboundMessage> messages = Collections.synchronizedList(new ArrayList<>());
        EventStream stream = EventStream.open(source).onEvent(InboundMessage.class, messages::add);
        stream.startAsync();
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long fired = new ObjectMapper().readTree(new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .get("fired").asLong();
        assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

        SourceStats stats = source.stats();
        Tracepoint tp = Tracepoint.NET_INBOUND_MESSAGE;
        assertThat(fired).isEqualTo(hits);
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.received(tp) + stats.lost(LossStage.RING_RESERVE, tp)).isEqualTo(fired);
        assertThat(messages).hasSize((int) stats.received(tp));
        // the ring went round at least 50 times (no more is asked: a loaded machine loses more records)
        assertThat(messages.size()).isGreaterThan(500);
        byte[] pattern = new byte[PAYLOAD];
        for (int i = 0; i < PAYLOAD; i++) {
            pattern[i] = (byte) (i * 31 + 7); // the fixture's fill_pattern
        }
        // a record that found no room for its payload class came without it (payload_dropped), each counted
        long withoutPayload = 0;
        for (InboundMessage m : messages) {
            assertThat(m.peerId()).isEqualTo(1);
            assertThat(m.addr()).isEqualTo("127.0.0.1:18444");
            assertThat(m.connType()).isEqualTo("inbound");
            assertThat(m.msgType()).isEqualTo("ping");
            assertThat(m.size()).isEqualTo(PAYLOAD);
            if (m.captured() == 0) {
                withoutPayload++;
                assertThat(m.truncated()).isTrue();
                assertThat(m.payload()).isNull();
                continue;
            }
            assertThat(m.captured()).isEqualTo(PAYLOAD);
            assertThat(m.truncated()).isFalse();
            assertThat(m.payload()).isEqualTo(pattern);
        }
        assertThat(withoutPayload).isEqualTo(stats.lost(LossStage.PAYLOAD_DROPPED, tp));
        assertThat(messages.size() - withoutPayload).as("messages with their payload").isGreaterThan(250);
    }
}
