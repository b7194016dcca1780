package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The median/MAD baseline: its numbers, warm-up, the partial first interval and the open interval's early verdict. */
class RateBaselineTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_731_542_400L * S;

    @Test
    void medianAndMadOfTheLastIntervalsWithTheirFloors() {
        RateBaseline b = new RateBaseline(S, 5 * S, 3 * S, 3, 0);
        // the first interval is seen from T0 + 0.5 s: partial, not learned
        b.add(T0 + S / 2, 100);
        assertThat(b.judge(T0 + S)).isEqualTo(RateBaseline.Verdict.NORMAL);
        assertThat(b.size()).isZero();
        double[] counts = {4, 6, 5, 20, 5, 7};
        for (int i = 0; i < counts.length; i++) {
            b.add(T0 + (i + 1) * S + 1, counts[i]);
            RateBaseline.Verdict v = b.judge(T0 + (i + 2) * S);
            // warm after three intervals; 20 against {4, 6, 5}: median 5, MAD 1, spread max(1.4826, sqrt 5 = 2.236) -> 5 + 3 * 2.236 = 11.71
            assertThat(v).as("interval %d", i).isEqualTo(i == 3 ? RateBaseline.Verdict.ABOVE : RateBaseline.Verdict.NORMAL);
            if (i == 3) {
                assertThat(b.signal()).isEqualTo(20);
                assertThat(b.signalLimit()).isCloseTo(5 + 3 * Math.sqrt(5), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(b.describe()).isEqualTo("in 1s (baseline median 5, MAD 1; threshold 11.71)");
            }
        }
        // the ring keeps five: {6, 5, 20, 5, 7} -> median 6, deviations {0, 1, 14, 1, 1} -> MAD 1
        assertThat(b.size()).isEqualTo(5);
        assertThat(b.median()).isEqualTo(6);
        assertThat(b.mad()).isEqualTo(1);
    }

    @Test
    void aQuietBaselineOfZerosNeedsTheMinimumAndTheOpenIntervalIsJudgedEarly() {
        RateBaseline b = new RateBaseline(10 * S, 100 * S, 20 * S, 6, 4);
        b.judge(T0); // begins at a boundary: the first interval is whole
        assertThat(b.judge(T0 + 10 * S)).isEqualTo(RateBaseline.Verdict.NORMAL);
        assertThat(b.warm()).isFalse();
        assertThat(b.judge(T0 + 20 * S)).isEqualTo(RateBaseline.Verdict.NORMAL);
        assertThat(b.warm()).isTrue();
        // zeros: median 0, MAD 0, spread 1 -> 0 + 6 = 6 (above the minimum 4)
        assertThat(b.limit()).isEqualTo(6);
        b.add(T0 + 21 * S, 7);
        assertThat(b.judge(T0 + 23 * S)).isEqualTo(RateBaseline.Verdict.ABOVE);
        assertThat(b.signalSpanNanos()).isEqualTo(3 * S);
        assertThat(b.describe()).isEqualTo("in 3s so far (baseline median 0, MAD 0; threshold 6)");
        assertThat(b.judge(T0 + 24 * S)).isEqualTo(RateBaseline.Verdict.ABOVE);
        assertThat(b.judge(T0 + 30 * S)).isEqualTo(RateBaseline.Verdict.ABOVE); // the interval closes at 7
        assertThat(b.judge(T0 + 31 * S)).isEqualTo(RateBaseline.Verdict.UNDECIDED);
        // 24 s without a tick (a replay's silence): the open interval [30, 40) and the empty [40, 50) close together
        assertThat(b.judge(T0 + 55 * S)).isEqualTo(RateBaseline.Verdict.NORMAL);
        assertThat(b.signal()).isZero();
        assertThat(b.size()).isEqualTo(5);
    }
}
