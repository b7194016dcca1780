package dev.nodescope.bench;

import dev.nodescope.error.UserException;
import dev.nodescope.bench.Bootstrap.Interval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A candidate run against a baseline, block by block: only heights both runs connected with the
 * same hash are compared (a different hash is a different block, e.g. after a reorg or on another
 * chain, and is reported, not timed). Per height range and overall: total connect time of each
 * run, the speed-up (baseline time / candidate time, above 1 = the candidate is faster) with a
 * bootstrap interval, and a verdict. The per-range intervals are Bonferroni-widened
 * (confidence {@code 1 - (1 - c) / ranges}), so that over all ranges together the chance of a
 * false "faster" or "slower" stays at most {@code 1 - c}. A change smaller than the minimum
 * effect is never called significant (see {@link Verdict#of}).
 */
public record Comparison(String baseline, String candidate, int commonBlocks, List<Integer> hashMismatches, List<Range> ranges,
                         Range overall, double confidence, double minEffect) {

    /** Heights {@code from..to} (inclusive) compared; times in ns. */
    public record Range(int from, int to, int blocks, long baselineNs, long candidateNs, Interval speedup, Verdict verdict) {
    }

    /** Settings of a comparison: height range size, bootstrap resamples, seed, confidence. */
    public record Settings(int rangeSize, int resamples, long seed, double confidence, double minEffect) {
        public Settings {
            if (!(minEffect >= 0 && minEffect < 1)) {
                throw new UserException("--min-effect must be between 0% and 100%, e.g. 1%");
            }
            if (rangeSize <= 0) {
                throw new UserException("--range must be positive");
            }
            Bootstrap.checkSettings(resamples, confidence);
        }
    }

    public static Comparison of(Dataset baseline, Dataset candidate, Settings s) {
        Map<Integer, BlockRow> a = byHeight(baseline);
        Map<Integer, BlockRow> b = byHeight(candidate);
        TreeMap<Integer, long[]> paired = new TreeMap<>();
        List<Integer> mismatches = new ArrayList<>();
        for (Map.Entry<Integer, BlockRow> e : a.entrySet()) {
            BlockRow other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            if (!other.hash().equals(e.getValue().hash())) {
                mismatches.add(e.getKey());
                continue;
            }
            paired.put(e.getKey(), new long[] {e.getValue().durationNs(), other.durationNs()});
        }
        if (paired.isEmpty()) {
            throw new UserException(candidate.source() + " and " + baseline.source()
                    + " have no block in common (same height and hash): nothing to compare");
        }
        // ranges aligned on multiples of the range size, so that runs over different spans line up
        TreeMap<Integer, List<Integer>> rangeHeights = new TreeMap<>();
        for (int h : paired.keySet()) {
            rangeHeights.computeIfAbsent(Math.floorDiv(h, s.rangeSize()) * s.rangeSize(), k -> new ArrayList<>()).add(h);
        }
        double perRange = 1 - (1 - s.confidence()) / rangeHeights.size();
        List<Integer> starts = List.copyOf(rangeHeights.keySet());
        // ranges are independent and seeded by their start: parallel, yet the same numbers every time
        List<Range> ranges = IntStream.range(0, starts.size()).parallel()
                .mapToObj(i -> range(starts.get(i), starts.get(i) + s.rangeSize() - 1, rangeHeights.get(starts.get(i)), paired,
                        s.resamples(), perRange, s.seed() + starts.get(i), s.minEffect()))
                .toList();
        Range overall = range(paired.firstKey(), paired.lastKey(), List.copyOf(paired.keySet()), paired, s.resamples(), s.confidence(),
                s.seed(), s.minEffect());
        return new Comparison(baseline.label(), candidate.label(), paired.size(), List.copyOf(mismatches), ranges, overall,
                s.confidence(), s.minEffect());
    }

    private static Range range(int from, int to, List<Integer> heights, Map<Integer, long[]> paired, int resamples, double confidence,
                               long seed, double minEffect) {
        long[] a = new long[heights.size()];
        long[] b = new long[heights.size()];
        for (int i = 0; i < a.length; i++) {
            long[] p = paired.get(heights.get(i));
            a[i] = p[0];
            b[i] = p[1];
        }
        Interval speedup = Bootstrap.speedup(a, b, resamples, confidence, seed);
        return new Range(from, to, a.length, Arrays.stream(a).sum(), Arrays.stream(b).sum(), speedup, Verdict.of(speedup, minEffect));
    }

    /** The blocks of a run by height; a height connected twice (reorg, restart) counts as its last connection. */
    static Map<Integer, BlockRow> byHeight(Dataset d) {
        Map<Integer, BlockRow> m = new TreeMap<>();
        for (BlockRow b : d.blocks()) {
            m.put(b.height(), b);
        }
        return m;
    }

}
