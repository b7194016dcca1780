package dev.nodescope.bench;

import dev.nodescope.bench.Bootstrap.Interval;

/** What a comparison concludes about the candidate run against the baseline. */
public enum Verdict {
    FASTER("faster"), SLOWER("slower"), NO_DIFFERENCE("no significant difference");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /**
     * Significant only when the whole interval lies on one side of 1 (no change) and the change
     * of connect time is at least {@code minEffect} (0.01: 1%). The second condition is there
     * because thousands of blocks make even tiny differences statistically certain, while two
     * IBD runs of the same build differ by a percent or so through disk and page cache state
     * that no per-block resampling can see.
     */
    public static Verdict of(Interval speedup, double minEffect) {
        double change = Math.abs(1 / speedup.estimate() - 1);
        if (change < minEffect) {
            return NO_DIFFERENCE;
        }
        if (speedup.low() > 1) {
            return FASTER;
        }
        if (speedup.high() < 1) {
            return SLOWER;
        }
        return NO_DIFFERENCE;
    }

    @Override
    public String toString() {
        return text;
    }
}
