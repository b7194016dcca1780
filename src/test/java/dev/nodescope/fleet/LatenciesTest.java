package dev.nodescope.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesAreNearestRankOverEverySample() {
        Latencies l = new Latencies();
        for (int ms = 100_000; ms >= 1; ms--) { // more than the first array holds, in reverse: sorted and grown
            l.add(ms * 10_000L); // 0.01 ms steps
        }
        assertEquals(100_000, l.count());
        assertEquals("  500.00   900.00   990.00   999.00  1000.00", l.percentiles());
    }

    @Test
    void nothingRecordedPrintsDashes() {
        assertEquals("       -        -        -        -        -", new Latencies().percentiles());
    }
}
