package dev.nodescope.event;

import dev.nodescope.hex.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final EventMeta META = new EventMeta("node-1", 4242, 4243, "b-msghand", 123_456_789L,
            1_764_000_000_123_456_789L, 7);

    private static String json(Event e, boolean payloadHex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventJson json = new EventJson(out, payloadHex)) {
            json.write(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void envelopeThenFieldsOneLine() {
        String line = json(new InboundMessage(META, 7, "127.0.0.1:8333", "inbound", "ping", 8, 8, false,
                new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 0xff}), true);
        assertThat(line).isEqualTo("{\"event\":\"net:inbound_message\",\"node\":\"node-1\",\"pid\":4242,\"thread\":\"b-msghand\","
                + "\"time\":\"2025-11-24T16:00:00.123456789Z\",\"mono_ns\":123456789,\"seq\":7,\"peer_id\":7,"
                + "\"addr\":\"127.0.0.1:8333\",\"conn_type\":\"inbound\",\"msg_type\":\"ping\",\"size\":8,\"captured\":8,"
                + "\"truncated\":false,\"payload_hex\":\"01020304050607ff\"}\n");
    }

    @Test
    void payloadOnlyWhenAsked() {
        assertThat(json(new OutboundMessage(META, 1, "a", "inbound", "tx", 3, 3, false, new byte[] {1, 2, 3}), false))
                .doesNotContain("payload_hex");
    }

    @Test
    void toolEvents() {
        assertThat(json(new Loss(META, "ring_reserve", "mempool:removed", 12), false))
                .endsWith("\"seq\":7,\"stage\":\"ring_reserve\",\"tracepoint\":\"mempool:removed\",\"count\":12}\n");
        assertThat(json(new Attached(META, "/usr/bin/bitcoind", 4242, List.of("net:inbound_message"), List.of("mempool:added"),
                "v24.0.1"), false)).endsWith("\"binary\":\"/usr/bin/bitcoind\",\"bitcoind_version\":\"v24.0.1\",\"tracepoints\":"
                        + "[\"net:inbound_message\"],\"missing\":[\"mempool:added\"]}\n");
        assertThat(json(new Detached(META, "process exited"), false)).endsWith("\"reason\":\"process exited\"}\n");
    }

    @Test
    void sevenArgumentReplacedHasNullFlag() {
        assertThat(json(new MempoolReplaced(META, "aa", 1, 2, 3, "bb", 4, 5, null), false))
                .endsWith("\"replacement_vsize\":4,\"replacement_fee\":5,\"replacement_is_tx\":null}\n");
    }

    @Test
    void timeBeforeAndAcrossSecondBoundaries() {
        IsoTime t = new IsoTime();
        assertThat(t.format(0)).isEqualTo("1970-01-01T00:00:00.000000000Z");
        assertThat(t.format(999_999_999)).isEqualTo("1970-01-01T00:00:00.999999999Z");
        assertThat(t.format(1_000_000_000)).isEqualTo("1970-01-01T00:00:01.000000000Z");
        assertThat(t.format(1_798_761_599_000_000_001L)).isEqualTo("2026-12-31T23:59:59.000000001Z");
    }

    @Test
    void hashesAreWrittenReversed() {
        byte[] internal = new byte[32];
        internal[0] = 0x06;
        internal[31] = 0x0f;
        assertThat(Hex.encodeReversed(internal)).startsWith("0f").endsWith("06").hasSize(64);
        assertThat(Hex.encode(Hex.decode("00ff10"))).isEqualTo("00ff10");
    }
}
