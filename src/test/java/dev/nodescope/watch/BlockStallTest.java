package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Scenario;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import org.junit.jupiter.api.Test;

/** block_stall on events fed by hand: the Poisson threshold, arming, the hold while syncing, the next block and a detach. */
class BlockStallTest {
    static final long MS = 1_000_000L;

    static DetectorTests stall(double probability) {
        return new DetectorTests("""
                detectors:
                  block_stall:
                    spacing: 10s
                    probability: %s
                    sync_blocks: 3
                """.formatted(probability));
    }

    static void block(DetectorTests t, long at, int height) {
        t.feed(new BlockConnected(meta(at), Scenario.HASH, height, 1, 1, 0, 1000));
    }

    @Test
    void thePoissonThresholdIsSpacingTimesTheLogOfOneOverTheProbability() {
        // exp(-t / 600 s) = 1e-5  <=>  t = 600 s * ln(1e5) = 6907.76 s (1h55m7.8s)
        assertThat(dev.nodescope.watch.detect.BlockStall.stallNanos(600 * S, 1e-5)).isEqualTo(6_907_755_278_982L);
        assertThat(Math.exp(-6_907_755_278_982.0 / (600 * S))).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(dev.nodescope.watch.detect.BlockStall.stallNanos(10 * S, 0.01)).isEqualTo(46_051_701_860L);
        assertThat(dev.nodescope.watch.detect.BlockStall.stallNanos(10 * S, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void firesOnceNoBlockIsThatUnlikelyAndResolvesAtTheNextBlock() {
        DetectorTests t = stall(0.01); // 10 s * ln(100) = 46.05 s
        for (int k = 0; k < 10; k++) {
            t.clock(T0 + k * S);       // not armed before the first block: nothing, however long
        }
        block(t, T0 + 10 * S + S / 2, 100);
        block(t, T0 + 20 * S + S / 2, 101);
        for (int k = 21; k <= 70; k++) {
            t.clock(T0 + k * S);       // 66.5 s: 46 s since the block; 67 s: 46.5 s > 46.05 s: firing
        }
        block(t, T0 + 70 * S + 200 * MS, 102);
        for (int k = 71; k <= 140; k++) {
            t.clock(T0 + k * S);       // armed again from block 102: fires at 117 s
        }
        t.feed(new Detached(meta(T0 + 140 * S + S / 2), "process exited"));
        for (int k = 141; k <= 300; k++) {
            t.clock(T0 + k * S);       // disarmed: a stopped node is not a stalled one
        }
        assertThat(t.lines()).containsExactly(
                "67000ms block_stall firing warning node no block for 46.5s since height 101: a chance of 0.0096 at one block per 10s "
                        + "(threshold 46s, probability 0.01) {seconds_since_block=46.5 threshold_seconds=46.1 probability=0.00956 "
                        + "threshold_probability=0.01 height=101}",
                "70200ms block_stall resolved warning node block 102 connected after 3.2s: no block for 49.5s since height 101: a chance of "
                        + "0.0071 at one block per 10s (threshold 46s, probability 0.01) {seconds_since_block=49.5 threshold_seconds=46.1 "
                        + "probability=0.00708 threshold_probability=0.01 height=101}",
                "117000ms block_stall firing warning node no block for 46.8s since height 102: a chance of 0.0093 at one block per 10s "
                        + "(threshold 46s, probability 0.01) {seconds_since_block=46.8 threshold_seconds=46.1 probability=0.00928 "
                        + "threshold_probability=0.01 height=102}",
                "140500ms block_stall resolved warning node nodescope detached (process exited) after 23.5s: no block for 1m9s since height 102: "
                        + "a chance of 0.00093 at one block per 10s (threshold 46s, probability 0.01) {seconds_since_block=69.8 "
                        + "threshold_seconds=46.1 probability=9.3E-4 threshold_probability=0.01 height=102}");
    }

    @Test
    void heldWhileTheNodeIsSyncing() {
        // 10 s * ln 2 = 6.93 s, shorter than one spacing: a sync burst would otherwise look stalled at once
        DetectorTests t = stall(0.5);
        block(t, T0 + S / 2, 1);
        block(t, T0 + S, 2);
        block(t, T0 + S + S / 2, 3);  // three blocks within one spacing: syncing
        for (int k = 2; k <= 12; k++) {
            t.clock(T0 + k * S);      // 6.93 s after block 3 at 8.43 s, but held until block 1 leaves the last spacing (10 s; 9 s without the hold)
        }
        assertThat(t.lines()).hasSize(1);
        assertThat(t.lines().getFirst()).startsWith("10000ms block_stall firing warning node no block for 8.5s since height 3");
    }
}
