package dev.nodescope.traffic;

import static dev.nodescope.bench.HtmlReport.esc;

import dev.nodescope.bench.HtmlReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code traffic compare --report}: the comparison as one self-contained HTML file, plots
 * embedded and written next to it, the way bench's report is ({@link HtmlReport}).
 */
public final class CompareHtml {
    private CompareHtml() {
    }

    /** Writes the report and its PNGs; returns the files written, the HTML first. */
    public static List<Path> write(Path html, TrafficComparison c, Map<String, byte[]> plots) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(html);
        TrafficComparison.Settings s = c.settings();
        String title = "A " + c.a().label() + " vs B " + c.b().label();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nodescope traffic: ").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append(".less{background:#d9f2d9}.more{background:#f8d7d7}img{max-width:100%;border:1px solid #eee}")
                .append("code{font-size:90%}</style></head><body>\n");
        b.append("<h1>Traffic: ").append(esc(title)).append("</h1>\n");
        b.append("<p>Transaction relay per accepted transaction: <strong>").append(esc(c.perTx().change().toString())).append("</strong> (B/A ")
                .append(CompareText.ratio(c.perTx().ratio().estimate())).append(", interval ").append(CompareText.ratio(c.perTx().ratio().low()))
                .append(" to ").append(CompareText.ratio(c.perTx().ratio().high())).append("). All messages: <strong>")
                .append(esc(c.all().change().toString())).append("</strong> (B/A ").append(CompareText.ratio(c.all().ratio().estimate()))
                .append(").</p>\n");
        b.append("<p>").append(esc(String.format(Locale.ROOT, "%s bytes per second by %s; B/A with %.0f%% bootstrap intervals (%s, %d"
                + " resamples, seed %d) over %s time blocks, per row Bonferroni-widened; changes under %s are never called significant.",
                s.measure(), s.grouping(), s.confidence() * 100, c.paired() ? "paired: same hours" : "unpaired: different times",
                s.resamples(), s.seed(), CompareText.blocks(c), CompareText.percent(s.minEffect())))).append("</p>\n");
        if (s.measure().transport() != null) {
            b.append("<p><small>").append(esc(Transport.assumption())).append("</small></p>\n");
        }
        b.append("<h2>Sources</h2>\n<table><tr><th class=l></th><th class=l>source</th><th>seconds</th><th>connections</th>")
                .append("<th>peer-hours</th><th>accepted txs</th></tr>\n");
        for (String side : List.of("A", "B")) {
            TrafficSummary t = side.equals("A") ? c.a() : c.b();
            b.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l><code>%s</code></td><td>%.3f</td><td>%d</td>"
                    + "<td>%.3f</td><td>%d</td></tr>%n", side, esc(t.label()), t.seconds(), t.connections(), t.peerHours(), t.accepted()));
        }
        b.append("</table>\n<h2>By ").append(esc(s.grouping().toString())).append("</h2>\n<table><tr><th class=l>")
                .append(esc(s.grouping().toString())).append("</th><th>A B/s</th><th>B B/s</th><th>B/A</th><th>interval</th>")
                .append("<th class=l>verdict</th></tr>\n");
        for (TrafficComparison.Row r : c.rows()) {
            b.append(row(r));
        }
        b.append(row(c.all())).append("</table>\n<table><tr><th class=l></th><th>A B/tx</th><th>B B/tx</th><th>B/A</th><th>interval</th>")
                .append("<th class=l>verdict</th></tr>\n").append(row(c.perTx())).append("</table>\n<p><small>Transaction relay: ")
                .append(esc(String.join(" ", TxRelay.TYPES))).append(", per transaction accepted into the mempool.</small></p>\n");
        b.append("<h2>Plots</h2>\n");
        HtmlReport.plots(b, html, plots, written);
        b.append(HtmlReport.PLOT_CHECK).append("</body></html>\n");
        Files.writeString(html, b.toString(), StandardCharsets.UTF_8);
        return written;
    }

    private static String row(TrafficComparison.Row r) {
        String cls = switch (r.change()) {
            case LESS -> " class=less";
            case MORE -> " class=more";
            case NO_DIFFERENCE, TOO_FEW_BLOCKS -> "";
        };
        return String.format(Locale.ROOT, "<tr%s><td class=l>%s</td><td>%s</td><td>%s</td><td>%s</td><td>[%s, %s]</td><td class=l>%s</td></tr>%n",
                cls, esc(r.name()), ReportText.num(r.rateA()), ReportText.num(r.rateB()), CompareText.ratio(r.ratio().estimate()),
                CompareText.ratio(r.ratio().low()), CompareText.ratio(r.ratio().high()), esc(r.change().toString()));
    }
}
