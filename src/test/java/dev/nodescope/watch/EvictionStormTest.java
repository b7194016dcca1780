package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Attached;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** eviction_storm on events fed by hand: the open interval is judged at every tick, so a storm fires before its interval ends. */
class EvictionStormTest {
    final DetectorTests t = new DetectorTests("""
            detectors:
              eviction_storm:
                interval: 10s
                baseline: 100s
                warmup: 50s
                factor: 3
                min_count: 4
                for: 0s
                clear: 20s
            """);
    long peer = 1;

    void evict(long at) {
        t.feed(new EvictedInboundConnection(meta(at), peer++, "203.0.113.77:50000", "inbound", Network.IPV4, T0 / S));
    }

    @Test
    void aStormFiresWithinItsIntervalAndResolvesAfterItsClearTime() {
        // attached at T0, first judged at the tick of T0+1s: intervals are aligned to the epoch, so [T0, T0+10s) is seen in part and not learned
        t.feed(new Attached(meta(T0), "/usr/bin/bitcoind", 42, List.of("net:evicted_inbound_connection"), List.of(), "v29.0"));
        evict(T0 + 5 * S);
        evict(T0 + 15 * S);
        for (int i = 0; i < 5; i++) {
            evict(T0 + 21 * S + i * S / 10); // a storm in the warm-up: silence (learned; the median stays 1)
        }
        for (int k = 3; k <= 5; k++) {
            evict(T0 + (10 * k + 5) * S);   // one per interval: {1, 5, 1, 1, 1} learned by T0+60s: warm (5 intervals of 10 s)
        }
        for (int i = 0; i < 5; i++) {
            evict(T0 + 61 * S + i * S / 5); // 5 in [61, 62): above max(1 + 3 * 1, 4) = 4 at the tick of 62 s, 2 s into [60, 70)
        }
        evict(T0 + 62 * S + S / 2);
        evict(T0 + 63 * S + S / 2);         // [60, 70) closes with 7 at 70 s
        for (int k = 7; k <= 11; k++) {
            evict(T0 + (10 * k + 5) * S);   // calm again: [70, 80) closes with 1 at 80 s; clear for 20 s: resolved at 100 s
        }
        String closed = "7 inbound peers evicted in 10s (baseline median 1, MAD 0; threshold 4) {evictions=7 median=1 mad=0 threshold=4}";
        assertThat(t.lines()).containsExactly(
                "62000ms eviction_storm firing warning node 5 inbound peers evicted in 2s so far (baseline median 1, MAD 0; threshold 4) "
                        + "{evictions=5 median=1 mad=0 threshold=4}",
                "100000ms eviction_storm resolved warning node clear for 20s after 18s: " + closed);
    }
}
