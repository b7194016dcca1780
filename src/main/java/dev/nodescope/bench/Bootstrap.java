package dev.nodescope.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confidence intervals by the percentile bootstrap, for bench's speed-ups and traffic's rate
 * ratios. For a speed-up, the paired bootstrap. Both runs connected the
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

    /** What a user may ask of the bootstrap (the options of every comparison): enough resamples, a confidence that means something. */
    public static void checkSettings(int resamples, double confidence) {
        if (resamples < 100) {
            throw new dev.nodescope.error.UserException("--resamples must be at least 100");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new dev.nodescope.error.UserException("--confidence must be between 0.5 and 1, e.g. 0.95");
        }
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
        double estimate = ratio(Arrays.stream(baseline).sum(), Arrays.stream(candidate).sum());
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
        return percentiles(estimate, ratios, confidence);
    }

    /**
     * How a candidate's rate compares with a baseline's, each rate a ratio of sums over time
     * blocks ({@code sum(num) / sum(den)}: bytes per second, bytes per transaction): the estimate
     * is {@code rate(candidate) / rate(baseline)} (below 1: the candidate's rate is lower), with a
     * {@code confidence} percentile interval from {@code resamples} resamples of whole blocks, which
     * keeps what happens together within a block (a burst, a block's relay) together. When the two
     * have blocks over the same times ({@code paired}: two nodes over the same hours) a resample
     * draws the same blocks of both, so what both saw at once cancels; otherwise (two runs at
     * different times) each side's blocks are drawn on their own.
     */
    public static Interval rateRatio(long[] numBase, long[] denBase, long[] numCand, long[] denCand, boolean paired, int resamples,
                                     double confidence, long seed) {
        int na = numBase.length;
        int nb = numCand.length;
        if (na == 0 || nb == 0 || denBase.length != na || denCand.length != nb || (paired && na != nb)) {
            throw new IllegalArgumentException("need non-empty blocks with a numerator and a denominator each (as many of both when paired)");
        }
        double estimate = rateRatio(Arrays.stream(numBase).sum(), Arrays.stream(denBase).sum(), Arrays.stream(numCand).sum(),
                Arrays.stream(denCand).sum());
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long a = 0;
            long da = 0;
            long b = 0;
            long db = 0;
            for (int i = 0; i < na; i++) {
                int k = random.nextInt(na);
                a += numBase[k];
                da += denBase[k];
                if (paired) {
                    b += numCand[k];
                    db += denCand[k];
                }
            }
            if (!paired) {
                for (int i = 0; i < nb; i++) {
                    int k = random.nextInt(nb);
                    b += numCand[k];
                    db += denCand[k];
                }
            }
            ratios[r] = rateRatio(a, da, b, db);
        }
        return percentiles(estimate, ratios, confidence);
    }

    /** (b / db) / (a / da), with nothing against nothing as no change and something against nothing as infinite. */
    private static double rateRatio(long a, long da, long b, long db) {
        double base = da == 0 ? 0 : (double) a / da;
        double cand = db == 0 ? 0 : (double) b / db;
        if (base == 0) {
            return cand == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return cand / base;
    }

    private static Interval percentiles(double estimate, double[] ratios, double confidence) {
        int resamples = ratios.length;
        Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        int lo = (int) Math.floor(tail * resamples);
        int hi = Math.max(lo, (int) Math.ceil((1 - tail) * resamples) - 1);
        return new Interval(estimate, ratios[Math.min(lo, resamples - 1)], ratios[Math.min(hi, resamples - 1)]);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : (double) a / b;
    }
}
