package dev.nodescope.bench;

import dev.nodescope.event.FlushMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plain-text summary of a comparison, for the terminal. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(List<Dataset> runs, List<RunStats> stats, List<Comparison> comparisons) {
        StringBuilder b = new StringBuilder();
        b.append("runs\n");
        for (int i = 0; i < runs.size(); i++) {
            Dataset d = runs.get(i);
            RunStats s = stats.get(i);
            Map<String, String> m = d.metadata();
            b.append(f("  %s%s: %s, %d blocks (heights %d-%d), connect %s total, median %s, p99 %s; %d flushes, %s total%n",
                    s.label(), i == 0 ? " (baseline)" : "", d.source(), s.blocks(), s.minHeight(), s.maxHeight(), seconds(s.totalNs()),
                    millis(s.medianNs()), millis(s.p99Ns()), s.flushes(), seconds(s.flushTotalNs())));
            b.append(f("    %s (%s), options %s; %s, kernel %s%n", m.getOrDefault(RunFacts.BINARY, "binary unknown"),
                    m.getOrDefault(RunFacts.VERSION, "version unknown"), m.getOrDefault(RunFacts.OPTIONS, "unknown"),
                    m.getOrDefault(RunFacts.CPU, "CPU unknown"), m.getOrDefault(RunFacts.KERNEL, "unknown")));
        }
        for (Comparison c : comparisons) {
            b.append(f("%n%s against %s: %d blocks in common%n", c.candidate(), c.baseline(), c.commonBlocks()));
            if (!c.hashMismatches().isEmpty()) {
                b.append(f("  warning: %d heights have different hashes in the two runs and are not compared (first: %d)%n",
                        c.hashMismatches().size(), c.hashMismatches().getFirst()));
            }
            b.append(f("  %-17s %7s %12s %12s %8s %19s  %s%n", "heights", "blocks", c.baseline(), c.candidate(), "speed-up",
                    "interval", "verdict"));
            for (Comparison.Range r : c.ranges()) {
                b.append(row(r));
            }
            b.append(row(c.overall()).replaceFirst("^  \\S+", "  overall"));
            b.append(f("  overall: %s is %s (%s; %.0f%% bootstrap interval, per range Bonferroni-widened; changes under %.1f%% are"
                    + " not called significant)%n", c.candidate(), c.overall().verdict(), change(c.overall().speedup().estimate()),
                    c.confidence() * 100, c.minEffect() * 100));
        }
        for (RunStats s : stats) {
            b.append(f("%nslowest blocks of %s%n", s.label()));
            for (BlockRow r : s.slowest()) {
                b.append(f("  %8d %s %10s  %d tx, %d inputs, %d sigops%n", r.height(), r.hash(), millis(r.durationNs()), r.transactions(),
                        r.inputs(), r.sigops()));
            }
            b.append(f("flushes of %s: %d, %s total, longest %s", s.label(), s.flushes(), seconds(s.flushTotalNs()),
                    millis(s.flushMaxNs())));
            for (Map.Entry<FlushMode, long[]> e : s.flushesByMode().entrySet()) {
                b.append(f("; %s %d (%s)", e.getKey(), e.getValue()[0], seconds(e.getValue()[1])));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String row(Comparison.Range r) {
        return f("  %-17s %7d %12s %12s %8s %19s  %s%n", r.from() + "-" + r.to(), r.blocks(), seconds(r.baselineNs()),
                seconds(r.candidateNs()), f("%.3fx", r.speedup().estimate()),
                f("[%.3f, %.3f]", r.speedup().low(), r.speedup().high()), r.verdict());
    }

    /** A speed-up as a change of connect time: 0.909x reads "10.0% slower". */
    static String change(double speedup) {
        double pct = (1 / speedup - 1) * 100;
        return pct > 0 ? f("%.1f%% slower", pct) : f("%.1f%% faster", -pct);
    }

    static String seconds(long ns) {
        return f("%.3f s", ns / 1e9);
    }

    static String millis(long ns) {
        return f("%.3f ms", ns / 1e6);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
