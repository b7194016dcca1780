package dev.nodescope.traffic;

import dev.nodescope.bench.Bootstrap.Interval;
import dev.nodescope.bench.Verdict;

/**
 * What a comparison concludes about one row: B moves fewer bytes than A, more, or no
 * significant difference. The rule is bench's ({@link Verdict#of}): significant only when the
 * whole interval lies on one side of "no change" and the change is at least the minimum effect.
 * A row one side has in a single time block only is not judged at all ({@link #TOO_FEW_BLOCKS}):
 * resampling one block says nothing about a rate, and "no significant difference" would read as
 * "the same" for a type only B sends.
 */
public enum Change {
    LESS("less"), MORE("more"), NO_DIFFERENCE("no significant difference"), TOO_FEW_BLOCKS("too few blocks");

    /** Time blocks with bytes a side needs for its row to be judged. */
    public static final int MIN_BLOCKS = 2;

    private final String text;

    Change(String text) {
        this.text = text;
    }

    /** {@code ratio}: B's rate over A's, with its interval. */
    public static Change of(Interval ratio, double minEffect) {
        // Verdict weighs a speed-up, baseline over candidate: the inverse of B over A
        Interval inverse = new Interval(1 / ratio.estimate(), 1 / ratio.high(), 1 / ratio.low());
        return switch (Verdict.of(inverse, minEffect)) {
            case FASTER -> LESS;
            case SLOWER -> MORE;
            case NO_DIFFERENCE -> NO_DIFFERENCE;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
