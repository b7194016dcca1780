package dev.nodescope.watch.report;

import dev.nodescope.HeadlessChromium;
import static dev.nodescope.watch.MisbehavingArchive.S;
import static dev.nodescope.watch.MisbehavingArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.MisbehavingArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch --replay ARCHIVE --report}: the backtest of a recording holds exactly the alerts
 * the watch printed, the counts per detector, and each fired alert's signal against its
 * threshold; the HTML opens in headless Chromium with every plot drawn.
 */
class BacktestReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path archive;
    Path rules;

    @BeforeEach
    void recording() throws Exception {
        archive = MisbehavingArchive.write(dir.resolve("rec"), false);
        // the misbehaving detector alone (others watch other things), with a short window so the node's burst fires and clears
        StringBuilder yaml = new StringBuilder("detectors:\n");
        for (String name : Detectors.names()) {
            yaml.append("  ").append(name).append(":\n").append(name.equals("misbehaving")
                    ? "    window: 3s\n    node_burst: 2\n    clear: 1s\n    per_peer: 1\n" : "    enabled: false\n");
        }
        rules = Files.writeString(dir.resolve("rules.yaml"), yaml);
    }

    @Test
    void jsonReportHoldsTheExactAlertsCountsAndSignals() throws Exception {
        Path report = dir.resolve("backtest.json");
        Cli.Result r = Cli.run("watch", "--replay", archive.toString(), "--rules", rules.toString(), "--format", "json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderrLines()).contains("nodescope: wrote the backtest report " + report);
        JsonNode json = JSON.readTree(report.toFile());

        List<String> lines = new ArrayList<>();
        for (JsonNode a : json.path("alerts")) {
            lines.add((Instant(a) - T0) / 1_000_000 + "ms " + a.path("alert").asText() + " " + a.path("state").asText() + " "
                    + a.path("subject").asText() + " " + a.path("summary").asText() + " " + a.path("evidence"));
        }
        assertThat(lines).containsExactly(
                "2000ms misbehaving firing peer:7 peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001 {\"misbehaviours\":1}",
                "3000ms misbehaving firing peer:8 peer 8 (198.51.100.8:8333, inbound) misbehaved: headers message size = 2001 {\"misbehaviours\":1}",
                "3000ms misbehaving firing node 2 misbehaviours within 3s (threshold 2), the last by peer 8 (198.51.100.8:8333, inbound): headers message size = 2001 {\"misbehaviours\":2,\"threshold\":2}",
                "4000ms misbehaving firing peer:9 peer 9 (192.0.2.9:8333, inbound) misbehaved: mutated block {\"misbehaviours\":1}",
                "5000ms misbehaving resolved peer:7 peer disconnected after 3s: peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001 {\"misbehaviours\":1}",
                "7000ms misbehaving resolved node clear for 1s after 3s: 3 misbehaviours within 3s (threshold 2), the last by peer 9 (192.0.2.9:8333, inbound): mutated block {\"misbehaviours\":3,\"threshold\":2}");
        // exactly what the watch printed
        List<JsonNode> printed = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            printed.add(JSON.readTree(line));
        }
        assertThat(json.path("alerts")).containsExactlyElementsOf(printed);
        assertThat(json.path("counts").toString()).isEqualTo("{\"misbehaving\":{\"pending\":0,\"firing\":4,\"resolved\":2}}");
        assertThat(json.path("source").asText()).isEqualTo(archive.toString());

        List<String> signals = new ArrayList<>();
        for (JsonNode s : json.path("signals")) {
            StringBuilder points = new StringBuilder();
            for (JsonNode p : s.path("points")) {
                points.append(" (").append((p.get(0).asLong() - T0) / 1_000_000).append("ms ").append(p.get(1)).append('/').append(p.get(2)).append(')');
            }
            signals.add(s.path("subject").asText() + " fired " + (s.path("fired").asLong() - T0) / 1_000_000 + "ms resolved "
                    + (s.path("resolved").isNull() ? "-" : (s.path("resolved").asLong() - T0) / 1_000_000 + "ms") + ":" + points);
        }
        assertThat(signals).containsExactly(
                "peer:7 fired 2000ms resolved 5000ms: (2000ms 1/1)",
                "peer:8 fired 3000ms resolved -: (3000ms 1/1)",
                "node fired 3000ms resolved 7000ms: (3000ms 2/2) (4000ms 3/2) (6000ms 1/2) (7000ms 0/2)",
                "peer:9 fired 4000ms resolved -: (4000ms 1/1)");
    }

    private static long Instant(JsonNode alert) {
        java.time.Instant t = java.time.Instant.parse(alert.path("time").asText());
        return t.getEpochSecond() * S + t.getNano();
    }

    @Test
    void htmlReportShowsTheTimelineAndItsPlotsInChromium() throws Exception {
        HeadlessChromium.require();
        Path report = dir.resolve("backtest.html");
        Cli.Result r = Cli.run("watch", "--replay", archive.toString(), "--rules", rules.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("<tr><td>misbehaving</td><td class=n>0</td><td class=n>4</td><td class=n>2</td></tr>")
                .contains("<tr class=firing><td>2025-12-02T08:00:02Z</td><td>misbehaving</td><td>firing</td><td>warning</td><td>peer:7 "
                        + "<code>203.0.113.7:8333</code></td><td>peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001</td>"
                        + "<td><code>misbehaviours=1</code></td></tr>")
                .contains("<tr class=resolved><td>2025-12-02T08:00:07Z</td><td>misbehaving</td><td>resolved</td><td>warning</td><td>node</td>");
        assertThat(Pattern.compile("<tr class=(firing|resolved|pending)>").matcher(html).results().count()).isEqualTo(6);

        String rendered = HeadlessChromium.renderedDom(report, dir, 5000, 60);
        Matcher loaded = Pattern.compile("<img class=\"plot\" alt=\"([a-z_]+ [a-z0-9:]+)\"[^>]*data-loaded=\"yes\"").matcher(rendered);
        assertThat(loaded.results().map(m -> m.group(1)).toList()).as(Files.readString(dir.resolve("chromium.err")))
                .containsExactly("misbehaving peer:7", "misbehaving peer:8", "misbehaving node", "misbehaving peer:9");
        assertThat(rendered).doesNotContain("alt=\"plot ");
    }
}
