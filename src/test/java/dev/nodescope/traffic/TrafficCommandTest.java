package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.HeadlessChromium;
import dev.nodescope.event.Event;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nodescope traffic report} and {@code compare} as a user runs them: formats, verdicts, the HTML report in Chromium, mistakes. */
class TrafficCommandTest {
    private static final List<String> PLOTS = List.of("bytes-by-type", "per-tx-overhead", "ratios");

    private static Path flood(Path dir) throws Exception {
        Path d = dir.resolve("flood");
        TrafficRuns.write(d, TrafficRuns.FLOOD, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS);
        return d;
    }

    private static Path reconcile(Path dir) throws Exception {
        Path d = dir.resolve("reconcile");
        TrafficRuns.write(d, TrafficRuns.RECONCILE, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS + TrafficRuns.DAY_NANOS);
        return d;
    }

    @Test
    void reportAsTextJsonAndCsv(@TempDir Path dir) throws Exception {
        Path a = flood(dir);
        long payload = TrafficReportTest.BACKGROUND_PAYLOAD + 1619L * 904;
        Cli.Result text = Cli.run("traffic", "report", a.toString());
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdoutLines()).contains("Accepted:     904 transactions into the mempool (mempool:added)",
                "  per accepted transaction: 1619.0 B payload, 2531.0 B wire v1, 2417.0 B wire v2, 38.0 messages");
        assertThat(text.stdout()).contains("Top talkers (10 of 31 peers, by payload bytes; exact)");

        Cli.Result json = Cli.run("traffic", "report", a.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.stdout());
        assertThat(j.path("total").path("payload_bytes").asLong()).isEqualTo(payload);
        assertThat(j.path("accepted_txs").asLong()).isEqualTo(904);
        assertThat(j.path("tx_relay").path("per_accepted_tx").path("payload_bytes").asDouble()).isEqualTo(1619.0);
        assertThat(j.path("tx_relay").path("per_accepted_tx").path("wire_v1_bytes").asDouble()).isEqualTo(2531.0);
        assertThat(j.path("by_msg_type").path("inv").path("messages").asLong()).isEqualTo(36L * 904);
        assertThat(j.path("top_talkers").path("peers_by_bytes")).hasSize(10);
        assertThat(j.path("top_talkers").path("peers_by_bytes").get(0).path("addr").asText()).isEqualTo("203.0.113.0:8333");

        Cli.Result csv = Cli.run("traffic", "report", a.toString(), "--format", "csv");
        assertThat(csv.exitCode()).as(csv.stderr()).isZero();
        List<String> lines = csv.stdoutLines();
        assertThat(lines.getFirst()).startsWith("msg_type,direction,conn_type,tx_relay,messages,payload_bytes,");
        assertThat(lines.subList(1, lines.size()).stream().mapToLong(l -> Long.parseLong(l.split(",")[5])).sum()).isEqualTo(payload);
        assertThat(lines).contains("inv,sent,inbound,true,17176,635512,1047736,996208,28.601450,1058.253640,188918.852635,600.529000,"
                + "3.363942,904");

        Cli.Result redacted = Cli.run("traffic", "report", a.toString(), "--format", "json", "--redact-ips");
        assertThat(redacted.stdout()).doesNotContain("203.0.113.").contains(".redacted:8333");
    }

    @Test
    void compareOfARunWithItselfFindsNoDifference(@TempDir Path dir) throws Exception {
        Path a = flood(dir);
        Cli.Result r = Cli.run("traffic", "compare", a.toString(), a.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> verdicts = r.stdoutLines().stream().filter(l -> l.matches(" \\S.* [0-9.]+ +\\[.*\\]  .*")).toList();
        assertThat(verdicts).hasSize(11); // 9 message types, all, per accepted tx
        assertThat(verdicts).allSatisfy(l -> assertThat(l).endsWith("1.000        [1.000, 1.000]  no significant difference"));
    }

    @Test
    void compareFindsTheSavingAndItsReportDrawsItsPlotsInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.require();
        Path a = flood(dir);
        Path b = reconcile(dir);
        Path report = dir.resolve("report.html");
        Cli.Result r = Cli.run("traffic", "compare", a.toString(), b.toString(), "--block", "30s", "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("(unpaired: different times, 2000 resamples, seed 1) over 30s time blocks");
        assertThat(r.stdoutLines()).anyMatch(l -> l.startsWith(" inv ") && l.endsWith("  less"))
                .anyMatch(l -> l.startsWith(" sketch ") && l.endsWith("  more"))
                .anyMatch(l -> l.startsWith(" sendtxrcncl ") && l.endsWith("  too few blocks"))
                .anyMatch(l -> l.startsWith(" tx relay per accepted tx ") && l.contains(" 2531.0 ") && l.endsWith("  less"));
        assertThat(r.stderrLines()).containsExactly("nodescope: wrote " + report + ", " + String.join(", ",
                PLOTS.stream().map(p -> dir.resolve("report-" + p + ".png").toString()).toList()));
        String html = Files.readString(report);
        assertThat(html).contains("<tr class=less><td class=l>inv</td>").contains("<tr class=more><td class=l>sketch</td>");
        String rendered = HeadlessChromium.renderedDom(report, dir, 5000, 60);
        Matcher loaded = Pattern.compile("<img class=\"plot\" alt=\"([a-z-]+)\"[^>]*data-loaded=\"yes\"").matcher(rendered);
        assertThat(loaded.results().map(m -> m.group(1)).toList()).as(Files.readString(dir.resolve("chromium.err")))
                .containsExactlyElementsOf(PLOTS);
        assertThat(rendered).doesNotContain("alt=\"plot ");
    }

    @Test
    void twoNodesOfOneArchiveAreComparedOverTheSameHours(@TempDir Path dir) throws Exception {
        List<Event> events = new ArrayList<>();
        TrafficRuns.play(TrafficRuns.FLOOD, 300, 3, 7, TrafficRuns.START_EPOCH_NANOS, events::add);
        TrafficRuns.play(TrafficRuns.RECONCILE, 300, 3, 7, TrafficRuns.START_EPOCH_NANOS, e -> events.add(Renamed.node(e, "erlay")));
        events.sort(Comparator.comparingLong(e -> e.meta().epochNanos()));
        Path fleet = dir.resolve("fleet");
        BusyNodeArchive.record(fleet, "fleet", events);
        Cli.Result r = Cli.run("traffic", "compare", fleet + "@" + TrafficRuns.NODE, fleet + "@erlay", "--by", "direction");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("(paired: same hours,").contains(" sent ");
        assertThat(r.stdoutLines()).anyMatch(l -> l.startsWith(" tx relay per accepted tx ") && l.endsWith("  less"));
        Cli.Result one = Cli.run("traffic", "report", fleet + "@erlay", "--format", "json");
        assertThat(new ObjectMapper().readTree(one.stdout()).path("nodes").toString()).isEqualTo("[\"erlay\"]");
    }

    @Test
    void mistakesInOneLine(@TempDir Path dir) throws Exception {
        Path a = flood(dir);
        assertOneLine(Cli.run("traffic", "report", dir.resolve("nothing").toString()), 2,
                "nodescope: " + dir.resolve("nothing") + ": no such file or directory");
        assertOneLine(Cli.run("traffic", "compare", "@a", "@b"), 2, "nodescope: '@a': @NODE alone needs --nats; archives are FILE|DIR[@NODE]");
        assertOneLine(Cli.run("traffic", "compare", a.toString(), a.toString(), "--by", "peer"), 2,
                "nodescope: --by: 'peer' is not one of msg_type, conn_type, direction (see nodescope traffic compare --help)");
        assertOneLine(Cli.run("traffic", "compare", a.toString(), a.toString(), "--min-effect", "120%"), 2,
                "nodescope: --min-effect must be between 0% and 100%, e.g. 5%");
        assertOneLine(Cli.run("traffic", "report", a + "@nosuch"), 1, "nodescope: no events of node nosuch in " + a
                + " (its nodes: node-t)");
        assertOneLine(Cli.run("traffic", "report", a.toString(), "--events", "net:*"), 2,
                "nodescope: unknown option '--events' (see nodescope traffic report --help)");
    }

    private static void assertOneLine(Cli.Result r, int exit, String expected) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(exit);
        assertThat(r.stderr()).isEqualTo(expected + "\n");
    }
}
