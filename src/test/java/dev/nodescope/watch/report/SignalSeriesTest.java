package dev.nodescope.watch.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A fired alert's signal stays bounded however long it fires: thinned evenly, the last threshold carried over a clear measurement. */
class SignalSeriesTest {
    @Test
    void longSeriesAreThinnedEvenly() {
        SignalSeries s = new SignalSeries("addr_flood", "n1", "peer:7");
        for (int i = 0; i < 2500; i++) {
            s.add(i, i * 10, 5);
        }
        // at 1000 points every other one went (stride 2), at 1000 again (stride 4): every 4th measurement is left
        assertThat(s.size()).isEqualTo(625);
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.time(i)).isEqualTo(4L * i);
            assertThat(s.signal(i)).isEqualTo(40.0 * i);
        }
    }

    @Test
    void aClearMeasurementKeepsTheLastThreshold() {
        SignalSeries s = new SignalSeries("misbehaving", "n1", "node");
        s.add(1, 2, Double.NaN); // no threshold given yet
        s.add(2, 3, 2);
        s.add(3, 1, Double.NaN);
        assertThat(s.threshold(0)).isNaN();
        assertThat(s.threshold(1)).isEqualTo(2.0);
        assertThat(s.threshold(2)).isEqualTo(2.0);
    }
}
