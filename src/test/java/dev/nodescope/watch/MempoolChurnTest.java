package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Scenario;
import dev.nodescope.event.Attached;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolReplaced;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mempool_churn on events fed by hand: a burst of one reject reason (its detail cut off), and of replacements, against their own baselines. */
class MempoolChurnTest {
    final DetectorTests t = new DetectorTests("""
            detectors:
              mempool_churn:
                interval: 1s
                baseline: 10s
                warmup: 5s
                factor: 3
                min_count: 5
                for: 0s
                clear: 2s
            """);

    void rejected(long at, String reason) {
        t.feed(new MempoolRejected(meta(at), Scenario.TXID_A, reason));
    }

    void replaced(long at) {
        t.feed(new MempoolReplaced(meta(at), Scenario.TXID_A, 141, 400, T0 / S, Scenario.TXID_B, 150, 900, true));
    }

    @Test
    void burstsOfOneReasonAndOfReplacementsFireAndResolve() {
        t.feed(new Attached(meta(T0), "/usr/bin/bitcoind", 42, List.of("mempool:rejected"), List.of(), "v29.0"));
        for (int k = 0; k <= 12; k++) {
            long second = T0 + k * S;
            rejected(second + S / 2, "dust");                    // one a second, every second
            if (k == 7) {
                for (int i = 0; i < 8; i++) {
                    rejected(second + i * 10_000_000L, "min relay fee not met, 100 < 141");
                }
                for (int i = 0; i < 9; i++) {
                    replaced(second + S / 4 + i * 10_000_000L);
                }
            } else {
                replaced(second + S / 4);                        // one a second: median 1, threshold max(1 + 3 * 1, 5) = 5
            }
        }
        String rejections = "8 transactions rejected (min relay fee not met) in 1s (baseline median 0, MAD 0; threshold 5) "
                + "{rejections=8 median=0 mad=0 threshold=5}";
        String replacements = "9 transactions replaced in 1s (baseline median 1, MAD 0; threshold 5) {replacements=9 median=1 mad=0 threshold=5}";
        assertThat(t.lines()).containsExactly(
                "8000ms mempool_churn firing info rejected:min relay fee not met " + rejections,
                "8000ms mempool_churn firing info replacements " + replacements,
                "11000ms mempool_churn resolved info rejected:min relay fee not met clear for 2s after 1s: " + rejections,
                "11000ms mempool_churn resolved info replacements clear for 2s after 1s: " + replacements);
    }
}
