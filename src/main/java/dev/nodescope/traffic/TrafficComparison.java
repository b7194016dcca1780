package dev.nodescope.traffic;

import dev.nodescope.bench.Bootstrap;
import dev.nodescope.bench.Bootstrap.Interval;
import dev.nodescope.error.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * B against A, row by row of a grouping (message type, connection type or direction), then all
 * messages and the transaction-relay overhead per accepted transaction: each side's rate, the
 * ratio B/A (below 1: B moves fewer bytes) with a bootstrap interval over the time blocks, and
 * a {@link Change}. The intervals of the grouping's rows are Bonferroni-widened (confidence
 * {@code 1 - (1 - c) / rows}), as bench does per height range, so that over all rows together
 * the chance of a false "less" or "more" stays at most {@code 1 - c}.
 */
public record TrafficComparison(TrafficSummary a, TrafficSummary b, Settings settings, boolean paired, List<Row> rows, Row all,
                                Row perTx) {

    /** Rates in units per second ({@code rows}, {@code all}) or per accepted transaction ({@code perTx}); bytes are totals. */
    public record Row(String name, long bytesA, long bytesB, double rateA, double rateB, Interval ratio, Change change) {
    }

    public record Settings(Grouping grouping, Measure measure, int resamples, double confidence, double minEffect, long seed) {
        public Settings {
            if (!(minEffect >= 0 && minEffect < 1)) {
                throw new UserException("--min-effect must be between 0% and 100%, e.g. 5%");
            }
            Bootstrap.checkSettings(resamples, confidence);
        }
    }

    public static TrafficComparison of(TrafficSummary a, TrafficSummary b, Settings s) {
        TimeBlocks.Series sa = a.blocks();
        TimeBlocks.Series sb = b.blocks();
        if (a.durationNanos() == 0 || b.durationNanos() == 0) {
            throw new UserException((a.durationNanos() == 0 ? a.label() : b.label())
                    + ": its events all have the same time: no rate to compare (record for longer)");
        }
        boolean paired = a.startNanos() == b.startNanos() && sa.blockNanos() == sb.blockNanos() && sa.size() == sb.size();
        List<String> names = names(a, b, s.grouping());
        double rowConfidence = 1 - (1 - s.confidence()) / Math.max(1, names.size());
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            rows.add(row(name, series(a, s.grouping(), name, s.measure()), sa.lengths(), series(b, s.grouping(), name, s.measure()),
                    sb.lengths(), paired, s, rowConfidence, 1e9));
        }
        Row all = row("all", sa.totalBytes(s.measure()), sa.lengths(), sb.totalBytes(s.measure()), sb.lengths(), paired, s,
                s.confidence(), 1e9);
        Row perTx = row("tx relay per accepted tx", txRelay(a, s.measure()), sa.accepted(), txRelay(b, s.measure()), sb.accepted(), paired,
                s, s.confidence(), 1);
        return new TrafficComparison(a, b, s, paired, List.copyOf(rows), all, perTx);
    }

    private static Row row(String name, long[] numA, long[] denA, long[] numB, long[] denB, boolean paired, Settings s,
                           double confidence, double scale) {
        Interval ratio = Bootstrap.rateRatio(numA, denA, numB, denB, paired, s.resamples(), confidence, s.seed());
        long bytesA = Arrays.stream(numA).sum();
        long bytesB = Arrays.stream(numB).sum();
        long dA = Arrays.stream(denA).sum();
        long dB = Arrays.stream(denB).sum();
        Change change = dA == 0 || dB == 0 ? Change.NO_DIFFERENCE
                : tooFewBlocks(numA) || tooFewBlocks(numB) ? Change.TOO_FEW_BLOCKS : Change.of(ratio, s.minEffect());
        return new Row(name, bytesA, bytesB, dA == 0 ? Double.NaN : bytesA * scale / dA, dB == 0 ? Double.NaN : bytesB * scale / dB,
                ratio, change);
    }

    /** Whether a side has the row, but in fewer than {@link Change#MIN_BLOCKS} time blocks (a side without it has no rate to doubt). */
    private static boolean tooFewBlocks(long[] bytesPerBlock) {
        int blocks = 0;
        for (long b : bytesPerBlock) {
            if (b != 0) {
                blocks++;
            }
        }
        return blocks > 0 && blocks < Change.MIN_BLOCKS;
    }

    /** The rows' names: those of A, then those only B has, in descending order of A's then B's bytes. */
    private static List<String> names(TrafficSummary a, TrafficSummary b, Grouping g) {
        Set<String> out = new LinkedHashSet<>(a.by(label(g)).keySet());
        out.addAll(b.by(label(g)).keySet());
        return List.copyOf(out);
    }

    static Function<TrafficSummary.Row, String> label(Grouping g) {
        return switch (g) {
            case MSG_TYPE -> TrafficSummary.Row::msgType;
            case CONN_TYPE -> TrafficSummary.Row::connType;
            case DIRECTION -> r -> r.direction().toString();
        };
    }

    /** Per block, the bytes of the row {@code name} (zeros where the summary has none of it). */
    static long[] series(TrafficSummary s, Grouping g, String name, Measure m) {
        int index = switch (g) {
            case MSG_TYPE -> s.typeNames().indexOf(name);
            case CONN_TYPE -> s.connNames().indexOf(name);
            case DIRECTION -> name.equals(Direction.RECEIVED.toString()) ? 0 : name.equals(Direction.SENT.toString()) ? 1 : -1;
        };
        return index < 0 ? new long[s.blocks().size()] : s.blocks().bytes(g, index, m);
    }

    /** Per block, the bytes of the transaction-relay messages. */
    static long[] txRelay(TrafficSummary s, Measure m) {
        long[] out = new long[s.blocks().size()];
        for (String type : TxRelay.TYPES) {
            out = TimeBlocks.Series.sum(out, series(s, Grouping.MSG_TYPE, type, m));
        }
        return out;
    }

}
