package dev.nodescope.traffic;

import dev.nodescope.event.IsoTime;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** {@code traffic compare} for people: the two sides, how they were compared, a row per group, all, and per accepted tx. */
public final class CompareText {
    private CompareText() {
    }

    public static void write(TrafficComparison c, PrintStream out) {
        TrafficComparison.Settings s = c.settings();
        side(out, "A", c.a());
        side(out, "B", c.b());
        out.println(String.format(Locale.ROOT, "Compared:   %s bytes per second by %s, B/A with %.0f%% bootstrap intervals (%s, %d"
                + " resamples, seed %d) over %s time blocks; per row Bonferroni-widened; changes under %s never significant",
                s.measure(), s.grouping(), s.confidence() * 100, c.paired() ? "paired: same hours" : "unpaired: different times",
                s.resamples(), s.seed(), blocks(c), percent(s.minEffect())));
        if (s.measure().transport() != null) {
            out.println("Transport:  not recorded: wire bytes are estimates as if every connection used " + s.measure().transport()
                    + " (docs/traffic.md)");
        }
        out.println();
        out.println(String.format(Locale.ROOT, " %-26s %14s %14s %9s %21s  %s", s.grouping(), "A B/s", "B B/s", "B/A", "interval", "verdict"));
        out.println(" " + "-".repeat(110));
        for (TrafficComparison.Row r : c.rows()) {
            out.println(row(r));
        }
        out.println(" " + "-".repeat(110));
        out.println(row(c.all()));
        out.println();
        out.println(String.format(Locale.ROOT, " %-26s %14s %14s %9s %21s  %s", "", "A B/tx", "B B/tx", "B/A", "interval", "verdict"));
        out.println(row(c.perTx()));
        out.println(String.format(Locale.ROOT, " (%s; accepted: A %d, B %d)", String.join(" ", TxRelay.TYPES), c.a().accepted(),
                c.b().accepted()));
        out.println();
        out.println(String.format(Locale.ROOT, " %-26s %14s %14s", "per peer-hour", "A B/peer-h", "B B/peer-h"));
        out.println(String.format(Locale.ROOT, " %-26s %14s %14s", "all", ReportText.num(c.a().perPeerHour(c.a().total().bytes(s.measure()), null)),
                ReportText.num(c.b().perPeerHour(c.b().total().bytes(s.measure()), null))));
    }

    private static void side(PrintStream out, String name, TrafficSummary t) {
        IsoTime time = new IsoTime();
        out.println(String.format(Locale.ROOT, "%s:          %s, %s to %s (%.3f s), %d connections, %.3f peer-hours, %d accepted txs", name,
                t.label(), time.format(t.startNanos()), time.format(t.endNanos()), t.seconds(), t.connections(), t.peerHours(), t.accepted()));
    }

    static String blocks(TrafficComparison c) {
        long a = c.a().blocks().blockNanos();
        long b = c.b().blocks().blockNanos();
        return a == b ? seconds(a) : seconds(a) + " (A) and " + seconds(b) + " (B)";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%ds", nanos / 1_000_000_000L);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%s%%", new BigDecimal(fraction * 100).round(new MathContext(6))
                .stripTrailingZeros().toPlainString());
    }

    private static String row(TrafficComparison.Row r) {
        return String.format(Locale.ROOT, " %-26s %14s %14s %9s %21s  %s", r.name(), ReportText.num(r.rateA()), ReportText.num(r.rateB()),
                ratio(r.ratio().estimate()), "[" + ratio(r.ratio().low()) + ", " + ratio(r.ratio().high()) + "]", r.change());
    }

    static String ratio(double v) {
        return Double.isInfinite(v) ? "inf" : Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
