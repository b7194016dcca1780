package dev.nodescope.bench;

import dev.nodescope.event.FlushMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison as one HTML file that needs nothing else (plots embedded as base64 PNG, so it
 * can be mailed or attached to a pull request), plus the same PNGs next to it for slides and
 * issues ({@code report-connect-time.png} for {@code report.html}).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the report and its PNGs; returns the files written, the HTML first. */
    public static List<Path> write(Path html, List<Dataset> runs, List<RunStats> stats, List<Comparison> comparisons,
                                   Map<String, byte[]> plots) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(html);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nodescope bench: ")
                .append(esc(String.join(" vs ", runs.stream().map(Dataset::label).toList()))).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append(".faster{background:#d9f2d9}.slower{background:#f8d7d7}img{max-width:100%;border:1px solid #eee}")
                .append("code{font-size:90%}</style></head><body>\n");
        b.append("<h1>Block connection: ").append(esc(String.join(" vs ", runs.stream().map(Dataset::label).toList()))).append("</h1>\n");
        b.append("<p>Speed-up = baseline connect time / run connect time over the blocks both runs connected (same height and hash); ")
                .append("above 1 the run is faster. Intervals: paired bootstrap; per height range Bonferroni-widened.</p>\n");

        b.append("<h2>Runs</h2>\n<table><tr><th class=l>run</th><th class=l>file</th><th class=l>binary</th><th class=l>version</th>")
                .append("<th class=l>options</th><th class=l>machine</th><th>blocks</th><th>heights</th><th>connect total</th>")
                .append("<th>median</th><th>p99</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            Map<String, String> m = runs.get(i).metadata();
            RunStats s = stats.get(i);
            b.append("<tr><td class=l>").append(esc(s.label())).append(i == 0 ? " (baseline)" : "").append("</td><td class=l><code>")
                    .append(esc(runs.get(i).source().toString())).append("</code></td><td class=l><code>")
                    .append(esc(m.getOrDefault(RunFacts.BINARY, "?"))).append("</code></td><td class=l>")
                    .append(esc(m.getOrDefault(RunFacts.VERSION, "?"))).append("</td><td class=l><code>")
                    .append(esc(m.getOrDefault(RunFacts.OPTIONS, "?"))).append("</code></td><td class=l>")
                    .append(esc(m.getOrDefault(RunFacts.CPU, "?") + ", kernel " + m.getOrDefault(RunFacts.KERNEL, "?"))).append("</td><td>")
                    .append(s.blocks()).append("</td><td>").append(s.minHeight()).append('-').append(s.maxHeight()).append("</td><td>")
                    .append(TextReport.seconds(s.totalNs())).append("</td><td>").append(TextReport.millis(s.medianNs())).append("</td><td>")
                    .append(TextReport.millis(s.p99Ns())).append("</td></tr>\n");
        }
        b.append("</table>\n");

        for (Comparison c : comparisons) {
            b.append("<h2>").append(esc(c.candidate())).append(" against ").append(esc(c.baseline())).append(": ")
                    .append(esc(c.overall().verdict().toString())).append(" (")
                    .append(esc(TextReport.change(c.overall().speedup().estimate()))).append(")</h2>\n");
            b.append("<p>").append(c.commonBlocks()).append(" blocks in common.");
            if (!c.hashMismatches().isEmpty()) {
                b.append(" <strong>Warning:</strong> ").append(c.hashMismatches().size())
                        .append(" heights have different hashes in the two runs and are not compared (first: ")
                        .append(c.hashMismatches().getFirst()).append(").");
            }
            b.append("</p>\n<table><tr><th class=l>heights</th><th>blocks</th><th>").append(esc(c.baseline())).append("</th><th>")
                    .append(esc(c.candidate())).append("</th><th>speed-up</th><th>interval</th><th class=l>verdict</th></tr>\n");
            for (Comparison.Range r : c.ranges()) {
                b.append(rangeRow(r.from() + "-" + r.to(), r));
            }
            b.append(rangeRow("overall", c.overall())).append("</table>\n");
        }

        b.append("<h2>Plots</h2>\n");
        plots(b, html, plots, written);

        b.append("<h2>Slowest blocks</h2>\n");
        for (RunStats s : stats) {
            b.append("<h3>").append(esc(s.label())).append("</h3>\n<table><tr><th>height</th><th class=l>hash</th><th>connect</th>")
                    .append("<th>tx</th><th>inputs</th><th>sigops</th></tr>\n");
            for (BlockRow r : s.slowest()) {
                b.append("<tr><td>").append(r.height()).append("</td><td class=l><code>").append(r.hash()).append("</code></td><td>")
                        .append(TextReport.millis(r.durationNs())).append("</td><td>").append(r.transactions()).append("</td><td>")
                        .append(r.inputs()).append("</td><td>").append(r.sigops()).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>UTXO cache flushes</h2>\n<table><tr><th class=l>run</th><th>flushes</th><th>total</th><th>longest</th>")
                .append("<th class=l>by mode</th></tr>\n");
        for (RunStats s : stats) {
            StringBuilder modes = new StringBuilder();
            for (Map.Entry<FlushMode, long[]> e : s.flushesByMode().entrySet()) {
                modes.append(modes.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()[0]).append(" (")
                        .append(TextReport.seconds(e.getValue()[1])).append(')');
            }
            b.append("<tr><td class=l>").append(esc(s.label())).append("</td><td>").append(s.flushes()).append("</td><td>")
                    .append(TextReport.seconds(s.flushTotalNs())).append("</td><td>").append(TextReport.millis(s.flushMaxNs()))
                    .append("</td><td class=l>").append(esc(modes.toString())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        b.append(PLOT_CHECK).append("</body></html>\n");
        Files.writeString(html, b.toString(), StandardCharsets.UTF_8);
        return written;
    }

    /** Marks each plot that decoded (a broken one says so); tests read the marks with headless Chromium. */
    public static final String PLOT_CHECK = "<script>window.addEventListener('load',function(){"
            + "document.querySelectorAll('img.plot').forEach(function(i){"
            + "if(i.complete&&i.naturalWidth>0){i.setAttribute('data-loaded','yes');}else{i.alt='plot '+i.alt+' failed to load';}"
            + "});});</script>\n";

    /**
     * Embeds each plot as a base64 PNG ({@code img class=plot}, checked by {@link #PLOT_CHECK}) and
     * writes it next to {@code html} as {@code STEM-NAME.png}, added to {@code written}: shared by
     * every nodescope report with plots.
     */
    public static void plots(StringBuilder b, Path html, Map<String, byte[]> plots, List<Path> written) throws IOException {
        String stem = html.getFileName().toString().replaceFirst("\\.html?$", "");
        Path dir = html.toAbsolutePath().getParent();
        for (Map.Entry<String, byte[]> p : plots.entrySet()) {
            Path png = dir.resolve(stem + "-" + p.getKey() + ".png");
            Files.write(png, p.getValue());
            written.add(png);
            b.append("<p><img class=plot alt=\"").append(esc(p.getKey())).append("\" width=").append(Plots.WIDTH).append(" height=")
                    .append(Plots.HEIGHT).append(" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(p.getValue()))
                    .append("\"><br><small>also <code>").append(esc(png.getFileName().toString())).append("</code></small></p>\n");
        }
    }

    private static String rangeRow(String heights, Comparison.Range r) {
        String cls = switch (r.verdict()) {
            case FASTER -> " class=faster";
            case SLOWER -> " class=slower";
            case NO_DIFFERENCE -> "";
        };
        return String.format(Locale.ROOT, "<tr%s><td class=l>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%.3fx</td>"
                + "<td>[%.3f, %.3f]</td><td class=l>%s</td></tr>%n", cls, heights, r.blocks(), TextReport.seconds(r.baselineNs()),
                TextReport.seconds(r.candidateNs()), r.speedup().estimate(), r.speedup().low(), r.speedup().high(), r.verdict());
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
