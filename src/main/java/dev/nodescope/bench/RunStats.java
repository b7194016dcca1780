package dev.nodescope.bench;

import dev.nodescope.event.FlushMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One run on its own: connect time distribution, its slowest blocks and what its UTXO flushes cost. */
public record RunStats(String label, int blocks, int minHeight, int maxHeight, long totalNs, long medianNs, long p90Ns, long p99Ns,
                       long maxNs, List<BlockRow> slowest, int flushes, long flushTotalNs, long flushMaxNs,
                       Map<FlushMode, long[]> flushesByMode) {

    public static RunStats of(Dataset d, int top) {
        List<BlockRow> blocks = List.copyOf(Comparison.byHeight(d).values());
        long[] ns = blocks.stream().mapToLong(BlockRow::durationNs).sorted().toArray();
        List<BlockRow> slowest = blocks.stream()
                .sorted(Comparator.comparingLong(BlockRow::durationNs).reversed().thenComparingInt(BlockRow::height)).limit(top).toList();
        Map<FlushMode, long[]> byMode = new EnumMap<>(FlushMode.class);
        long flushTotal = 0;
        long flushMax = 0;
        List<FlushRow> flushes = d.flushes();
        for (FlushRow f : flushes) {
            long[] countAndNs = byMode.computeIfAbsent(f.mode(), m -> new long[2]);
            countAndNs[0]++;
            countAndNs[1] += f.durationNs();
            flushTotal += f.durationNs();
            flushMax = Math.max(flushMax, f.durationNs());
        }
        return new RunStats(d.label(), ns.length, blocks.isEmpty() ? -1 : blocks.getFirst().height(),
                blocks.isEmpty() ? -1 : blocks.getLast().height(), Arrays.stream(ns).sum(), quantile(ns, 0.5), quantile(ns, 0.9),
                quantile(ns, 0.99), ns.length == 0 ? 0 : ns[ns.length - 1], slowest, flushes.size(), flushTotal, flushMax, byMode);
    }

    /** The nearest-rank quantile of sorted values (0 when there are none). */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
