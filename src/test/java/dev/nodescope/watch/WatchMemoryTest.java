package dev.nodescope.watch;

import dev.nodescope.Heap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's memory is bounded by what is connected, not by what came and went: 120,000 peers
 * from 120,000 addresses in thousands of netgroups, each shaking hands with real regtest payloads,
 * announcing, requesting, pinging and sometimes misbehaving, then leaving (closed or evicted); the
 * first 20,000 of them leave unseen (a lost close), so the directory of connected peers fills to its
 * cap and must push them out as others come. After a warm-up the heap must not grow with the peers,
 * and nothing about a gone peer may stay.
 */
class WatchMemoryTest {
    static final long T0 = 1_731_542_400_000_000_000L;

    @Test
    void peersComingAndGoingLeaveNothingBehind() throws Exception {
        Map<String, byte[]> payloads = recordedPayloads();
        WatchEngine engine = new WatchEngine(Rules.defaults(), Silences.NONE, false);
        Set<Class<? extends Event>> wanted = engine.eventTypes();
        long n = 140_000;
        long lost = 20_000;
        long warm = 30_000;
        long heapAfterWarmUp = 0;
        long t = T0;
        for (long peer = 0; peer < n; peer++) {
            if (peer == lost) {
                assertThat(engine.peers().count("mem")).as("peers known with their end lost: capped").isEqualTo(PeerDirectory.MAX_PEERS);
            }
            if (peer == warm) {
                heapAfterWarmUp = Heap.usedAfterGc();
            }
            t += 50_000_000L; // 20 peers a second: connection churn far above a real node's
            String addr = (peer % 7 == 0 ? "[2001:db8:" + Long.toHexString(peer & 0xffff) + "::1]" : "10." + (peer >> 16 & 255) + "."
                    + (peer >> 8 & 255) + "." + (peer & 255)) + ":" + (1024 + peer % 60000);
            boolean inbound = peer % 3 != 0;
            String conn = inbound ? "inbound" : "outbound-full-relay";
            Network net = peer % 7 == 0 ? Network.IPV6 : Network.IPV4;
            feed(engine, wanted, inbound ? new InboundConnection(meta(t), peer, addr, conn, net, 1)
                    : new OutboundConnection(meta(t), peer, addr, conn, net, 1));
            long u = t;
            for (Map.Entry<String, byte[]> p : payloads.entrySet()) {
                u += 1_000_000;
                feed(engine, wanted, new InboundMessage(meta(u), peer, addr, conn, p.getKey(), p.getValue().length, p.getValue().length, false,
                        p.getValue()));
                feed(engine, wanted, new OutboundMessage(meta(u), peer, addr, conn, p.getKey(), p.getValue().length, p.getValue().length,
                        false, p.getValue()));
            }
            if (peer % 50 == 0) {
                feed(engine, wanted, new MisbehavingConnection(meta(u), peer, "reason " + peer));
            }
            if (peer < lost) {
                continue; // its end is lost
            }
            feed(engine, wanted, peer % 10 == 0 ? new EvictedInboundConnection(meta(u + 1), peer, addr, conn, net, T0 / 1_000_000_000L)
                    : new ClosedConnection(meta(u + 1), peer, addr, conn, net, T0 / 1_000_000_000L));
        }
        assertThat(engine.peers().count("mem")).as("peers still known: the lost ones were pushed out by those that came after").isZero();
        long growth = Heap.usedAfterGc() - heapAfterWarmUp;
        // a leak of 100 bytes per peer would show as 11 MB
        assertThat(growth).as("heap growth over %d peers", n - warm).isLessThan(8L << 20);
    }

    private static void feed(WatchEngine engine, Set<Class<? extends Event>> wanted, Event e) {
        if (wanted.contains(e.getClass())) {
            engine.accept(e);
        }
    }

    private static EventMeta meta(long t) {
        return new EventMeta("mem", 42, 43, "b-msghand", t - T0, t, 0);
    }

    /** One real payload per message type of the demo's regtest recordings. */
    static Map<String, byte[]> recordedPayloads() throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                WatchMemoryTest.class.getResourceAsStream("/demo/regtest-p2p-messages.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = json.readTree(line);
                out.putIfAbsent(n.get("msg_type").asText(), HexFormat.of().parseHex(n.path("payload_hex").asText("")));
            }
        }
        return out;
    }
}
