package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Attached;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.OutboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bandwidth_surge on events fed by hand: a type never seen before surges against its baseline of zeros
 * (every type is learned from the start), a made-up type is counted as other, a steady type is quiet.
 */
class BandwidthSurgeTest {
    final DetectorTests t = new DetectorTests("""
            detectors:
              bandwidth_surge:
                interval: 1s
                baseline: 10s
                warmup: 5s
                factor: 3
                min_bytes: 5000
                for: 1s
                clear: 2s
            """);

    void in(long at, String type, long size) {
        t.feed(new InboundMessage(meta(at), 7, "203.0.113.5:8333", "outbound-full-relay", type, size, 0, false, null));
    }

    void out(long at, String type, long size) {
        t.feed(new OutboundMessage(meta(at), 7, "203.0.113.5:8333", "outbound-full-relay", type, size, 0, false, null));
    }

    @Test
    void aSurgeOfOneTypeAndDirectionFiresAndResolves() {
        t.feed(new Attached(meta(T0), "/usr/bin/bitcoind", 42, List.of("net:inbound_message"), List.of(), "v29.0"));
        for (int k = 0; k <= 14; k++) {
            long second = T0 + k * S;
            in(second + S / 2, "inv", 6000);             // steady 6000 bytes a second: never above its own baseline
            if (k >= 7 && k <= 9) {
                in(second + S / 4, "tx", 6000);           // 12000 bytes a second of tx for 3 s: threshold max(0 + 3 * 1, 5000)
                in(second + S / 3, "tx", 6000);
                out(second + S / 4, "mystery", 7000);     // not a type Core knows: other
            }
        }
        String tx = "12000 bytes of tx inbound in 1s (baseline median 0, MAD 0; threshold 5000) {bytes=12000 median=0 mad=0 threshold=5000}";
        String other = "7000 bytes of other outbound in 1s (baseline median 0, MAD 0; threshold 5000) {bytes=7000 median=0 mad=0 threshold=5000}";
        assertThat(t.lines()).containsExactly(
                "8000ms bandwidth_surge pending info msg_type:tx/inbound " + tx,
                "8000ms bandwidth_surge pending info msg_type:other/outbound " + other,
                "9000ms bandwidth_surge firing info msg_type:tx/inbound " + tx,
                "9000ms bandwidth_surge firing info msg_type:other/outbound " + other,
                "13000ms bandwidth_surge resolved info msg_type:tx/inbound clear for 2s after 3s: " + tx,
                "13000ms bandwidth_surge resolved info msg_type:other/outbound clear for 2s after 3s: " + other);
    }
}
