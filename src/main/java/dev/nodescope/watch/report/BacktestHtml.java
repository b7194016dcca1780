package dev.nodescope.watch.report;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The backtest as one HTML file that needs nothing else (plots embedded as base64 PNG, as bench's
 * report): counts per detector, the alert timeline with summaries and evidence, and a plot of
 * each fired alert's signal against its threshold. Times are UTC.
 */
final class BacktestHtml {
    private BacktestHtml() {
    }

    static void write(Path file, BacktestReport.Contents c) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nodescope watch backtest: ").append(esc(c.source()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}td.n,th.n{text-align:right}")
                .append("tr.firing{background:#f8d7d7}tr.pending{background:#fff3cd}tr.resolved{background:#d9f2d9}")
                .append("img{max-width:100%;border:1px solid #eee}code{font-size:90%}</style></head><body>\n");
        b.append("<h1>Backtest: ").append(esc(c.source())).append("</h1>\n<p>").append(String.format("%,d", c.events()))
                .append(" events watched; ").append(c.alerts().size() + c.alertsLeftOut()).append(" alert events.</p>\n");

        b.append("<h2>Per detector</h2>\n<table id=counts><tr><th>detector</th>");
        for (AlertState s : AlertState.values()) {
            b.append("<th class=n>").append(s.jsonName()).append("</th>");
        }
        b.append("</tr>\n");
        for (Map.Entry<String, long[]> e : c.counts().entrySet()) {
            b.append("<tr><td>").append(esc(e.getKey())).append("</td>");
            for (AlertState s : AlertState.values()) {
                b.append("<td class=n>").append(e.getValue()[s.ordinal()]).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Timeline</h2>\n<table id=timeline><tr><th>time (UTC)</th><th>alert</th><th>state</th><th>severity</th>")
                .append("<th>subject</th><th>summary</th><th>evidence</th></tr>\n");
        for (Alert a : c.alerts()) {
            b.append("<tr class=").append(a.state().jsonName()).append("><td>").append(a.meta().time()).append("</td><td>")
                    .append(esc(a.alert())).append("</td><td>").append(a.state().jsonName()).append("</td><td>")
                    .append(a.severity().jsonName()).append("</td><td>").append(esc(a.subject()))
                    .append(a.addr().isEmpty() ? "" : " <code>" + esc(a.addr()) + "</code>").append("</td><td>").append(esc(a.summary()))
                    .append("</td><td><code>").append(esc(a.evidence().toString())).append("</code></td></tr>\n");
        }
        b.append("</table>\n");
        if (c.alertsLeftOut() > 0) {
            b.append("<p>").append(c.alertsLeftOut()).append(" later alert events are left out of the timeline (they are counted above).</p>\n");
        }

        b.append("<h2>Signals of the fired alerts</h2>\n");
        if (c.plots().isEmpty()) {
            b.append("<p>No alert fired.</p>\n");
        }
        for (SignalSeries s : c.plots()) {
            String name = s.alert + " " + s.subject;
            b.append("<p><img class=plot alt=\"").append(esc(name)).append("\" width=").append(SignalPlot.WIDTH).append(" height=")
                    .append(SignalPlot.HEIGHT).append(" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(SignalPlot.png(s)))
                    .append("\"></p>\n");
        }
        if (c.plotsLeftOut() > 0) {
            b.append("<p>").append(c.plotsLeftOut()).append(" more fired alerts are not plotted.</p>\n");
        }
        // marks each plot that decoded (a broken one says so); tests read the marks with headless Chromium
        b.append("<script>window.addEventListener('load',function(){document.querySelectorAll('img.plot').forEach(function(i){")
                .append("if(i.complete&&i.naturalWidth>0){i.setAttribute('data-loaded','yes');}else{i.alt='plot '+i.alt+' failed to load';}")
                .append("});});</script>\n</body></html>\n");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
