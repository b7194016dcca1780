package dev.nodescope.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confidence intervals for a speed-up by the paired percentile bootstrap. Both runs connected the
 * same blocks, so a resample draws blocks (heights), each with both its times: what varies
 * between block sizes cancels and only run-to-run noise is left. Seeded, so a report is
 * reproducible to the digit.
 */
public final class Bootstrap {
    /** An estimate and its confidence interval. */
    public record Interval(double estimate, double low, double high) {
    }

    private Bootstrap() {
    }

    /**
     * The speed-up {@code sum(baseline) / sum(candidate)} (above 1: the candidate is faster) over
     * paired samples, with a {@code confidence} percentile interval from {@code resamples} resamples.
     */
    public static Interval speedup(long[] baseline, long[] candidate, int resamples, double confidence, long seed) {
        int n = baseline.length;
        if (n != candidate.length || n == 0) {
            throw new IllegalArgumentException("need the same, non-zero number of paired samples");
        }
        double estimate = ratio(sum(baseline), sum(candidate));
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long a = 0;
            long b = 0;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                a += baseline[k];
                b += candidate[k];
            }
            ratios[r] = ratio(a, b);
        }
        Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        int lo = (int) Math.floor(tail * resamples);
        int hi = Math.max(lo, (int) Math.ceil((1 - tail) * resamples) - 1);
        return new Interval(estimate, ratios[Math.min(lo, resamples - 1)], ratios[Math.min(hi, resamples - 1)]);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : (double) a / b;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
