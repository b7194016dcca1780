package dev.nodescope.watch.detect;

import static dev.nodescope.watch.detect.Feed.MS;
import static dev.nodescope.watch.detect.Feed.S;
import static dev.nodescope.watch.detect.Feed.T0;
import static dev.nodescope.watch.detect.Feed.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.MisbehavingConnection;
import org.junit.jupiter.api.Test;

/** addr_oversized (beside misbehaving, which Core's verdict on the same message raises) and ping_flood, on events fed by hand. */
class AddrOversizedAndPingFloodTest {
    static final String IN = "203.0.113.5:40000";

    @Test
    void anOversizedAddrIsCriticalAtOnceAndReadsAsOneIncidentWithCoresMisbehaving() {
        Feed f = new Feed("detectors:\n  misbehaving:\n    per_peer: 1\n"); // misbehaving's alert per peer, to show both views
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        f.in(T0 + S, 7, IN, "inbound", "addr", addr(1001, 0));
        f.engine.accept(new MisbehavingConnection(Feed.meta(T0 + S + 100_000), 7, "addr message size = 1001"));
        f.closed(T0 + S + 200_000, 7, IN, "inbound");
        assertThat(f.lines()).containsExactly(
                "1000ms addr_oversized firing critical peer:7 peer 7 (203.0.113.5:40000, inbound) sent an addr message of 1001 addresses "
                        + "(limit 1000): Core drops it and punishes the peer as misbehaving (\"addr message size = 1001\"), which disconnects "
                        + "it {addresses=1001 limit=1000 oversized_messages=1 size_bytes=30033}",
                "1000ms misbehaving firing warning peer:7 peer 7 (203.0.113.5:40000, inbound) misbehaved: addr message size = 1001 "
                        + "{misbehaviours=1}",
                "1000ms addr_oversized resolved critical peer:7 peer disconnected after 0ms: peer 7 (203.0.113.5:40000, inbound) sent an "
                        + "addr message of 1001 addresses (limit 1000): Core drops it and punishes the peer as misbehaving (\"addr message "
                        + "size = 1001\"), which disconnects it {addresses=1001 limit=1000 oversized_messages=1 "
                        + "size_bytes=30033}",
                "1000ms misbehaving resolved warning peer:7 peer disconnected after 0ms: peer 7 (203.0.113.5:40000, inbound) misbehaved: "
                        + "addr message size = 1001 {misbehaviours=1}");
    }

    @Test
    void anOversizedAddrIsFoundFromItsCountWhenThePayloadWasCutAndResolvesAfterItsClearTimeIfThePeerStays() {
        Feed f = new Feed("detectors:\n  addr_oversized:\n    clear: 5s\n");
        f.outbound(T0, 3, "198.51.100.7:8333", "block-relay-only").handshake(T0, 3, "198.51.100.7:8333", "block-relay-only");
        // 3 of 90,003 bytes copied: the count says 3000
        f.inCut(T0 + S, 3, "198.51.100.7:8333", "block-relay-only", "addr", addr(3000, 0), 3);
        f.inbound(T0 + 7 * S, 8, "192.0.2.1:1");
        assertThat(f.lines()).containsExactly(
                "1000ms addr_oversized firing critical peer:3 peer 3 (198.51.100.7:8333, block-relay-only) sent an addr message of 3000 "
                        + "addresses (limit 1000): Core ignores addr messages on this block-relay-only connection, so it does not punish it "
                        + "{addresses=3000 limit=1000 oversized_messages=1 size_bytes=90003}",
                "6000ms addr_oversized resolved critical peer:3 clear for 5s after 0ms: peer 3 (198.51.100.7:8333, block-relay-only) sent an "
                        + "addr message of 3000 addresses (limit 1000): Core ignores addr messages on this block-relay-only connection, so it "
                        + "does not punish it {addresses=3000 limit=1000 oversized_messages=1 size_bytes=90003}");
    }

    @Test
    void aThousandAddressesIsNotOversized() {
        Feed f = new Feed("");
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        f.in(T0 + S, 7, IN, "inbound", "addrv2", new byte[] {(byte) 253, (byte) 0xe8, 0x03});
        assertThat(f.lines()).noneMatch(l -> l.contains("addr_oversized"));
    }

    @Test
    void pingsFarAboveCoresRateFireAndResolveAfterTheWindowEmptiesAndTheClearTime() {
        Feed f = new Feed("""
                detectors:
                  ping_flood:
                    window: 10s
                    pings: 20
                    clear: 2s
                """);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        // Core's rate: one ping in 2 minutes, nothing
        f.in(T0 + S, 7, IN, "inbound", "ping", Feed.ping(1));
        // then 30 pings 100 ms apart from 60 s on: the 20th (at 61.9 s) crosses the threshold
        for (int i = 0; i < 30; i++) {
            f.in(T0 + 60 * S + i * 100 * MS, 7, IN, "inbound", "ping", Feed.ping(i + 2));
        }
        f.inbound(T0 + 90 * S, 8, "192.0.2.1:1");
        // the pings leave the 10 s window (625 ms buckets) from 70 s on: below 20 at the tick of 71 s; clear 2 s: resolved at 73 s
        assertThat(f.lines()).containsExactly(
                "61900ms ping_flood firing warning peer:7 peer 7 (203.0.113.5:40000, inbound) sent 20 pings within 10s (threshold 20; "
                        + "Bitcoin Core sends one every 2m), 240 times Core's rate {pings_window=20 threshold=20 pings_total=21 core_rate_multiple=240}",
                "73000ms ping_flood resolved warning peer:7 clear for 2s after 9.1s: peer 7 (203.0.113.5:40000, inbound) sent 30 pings within "
                        + "10s (threshold 20; Bitcoin Core sends one every 2m), 360 times Core's rate {pings_window=30 threshold=20 pings_total=31 "
                        + "core_rate_multiple=360}");
    }
}
