package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped dashboards and alert rules only use metrics the exporter has, and are valid. */
class DashboardsAndRulesTest {
    private static final Pattern METRIC = Pattern.compile("\\bnodescope_[a-z0-9_]+");
    private static final Path DASHBOARDS = Path.of("dashboards");
    private static final Path PROMETHEUS = Path.of("prometheus");
    private static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("NODESCOPE_PROMTOOL", "/usr/bin/promtool"));

    /** Every series name the exporter can expose (counters with _total, histograms with _bucket/_count/_sum). */
    static Set<String> exposedNames() {
        MetricsExporter exporter = MetricsExporter.builder().jvmMetrics(false).sourceStats(() -> null, () -> null).build();
        Set<String> names = new HashSet<>();
        for (MetricSnapshot s : exporter.registry().scrape()) {
            String n = s.getMetadata().getPrometheusName();
            switch (s) {
                case CounterSnapshot _ -> names.add(n + "_total");
                case HistogramSnapshot _ -> names.addAll(List.of(n + "_bucket", n + "_count", n + "_sum"));
                default -> names.add(n);
            }
        }
        return names;
    }

    static Set<String> usedNames(String text) {
        Set<String> used = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            used.add(m.group());
        }
        return used;
    }

    @Test
    void dashboardsAreValidAndUseOnlyExportedMetrics() throws Exception {
        Set<String> exposed = exposedNames();
        List<Path> files;
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode d = json.readTree(file.toFile());
            assertThat(d.path("uid").asText()).as(file + " uid").isNotEmpty();
            assertThat(uids.add(d.path("uid").asText())).as(file + " uid unique").isTrue();
            assertThat(d.path("title").asText()).as(file + " title").isNotEmpty();
            assertThat(d.path("schemaVersion").asInt()).as(file + " schemaVersion").isGreaterThanOrEqualTo(36);
            Set<Integer> ids = new HashSet<>();
            List<String> exprs = new ArrayList<>();
            for (JsonNode p : d.path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as(file + " panel id " + p.path("id") + " unique").isTrue();
                JsonNode g = p.path("gridPos");
                assertThat(g.path("x").asInt() + g.path("w").asInt()).as(file + " panel " + p.path("title") + " fits 24 columns").isLessThanOrEqualTo(24);
                if (!p.path("type").asText().equals("row")) {
                    assertThat(p.path("targets")).as(file + " panel " + p.path("title") + " has queries").isNotEmpty();
                }
                for (JsonNode t : p.path("targets")) {
                    exprs.add(t.path("expr").asText());
                }
            }
            Set<String> used = usedNames(String.join("\n", exprs));
            assertThat(used).as(file + " queries").isNotEmpty();
            assertThat(exposed).as(file + ": metrics the dashboard queries").containsAll(used);
        }
    }

    @Test
    void alertRulesUseOnlyExportedMetrics() throws Exception {
        Set<String> used = usedNames(Files.readString(PROMETHEUS.resolve("nodescope-alerts.yml")));
        assertThat(used).contains("nodescope_events_lost_total", "nodescope_attached", "nodescope_connections");
        assertThat(exposedNames()).containsAll(used);
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirTests() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " missing (apt-get install prometheus)");
        for (List<String> cmd : List.of(
                List.of(PROMTOOL.toString(), "check", "rules", "nodescope-alerts.yml"),
                List.of(PROMTOOL.toString(), "check", "config", "prometheus.yml"),
                List.of(PROMTOOL.toString(), "test", "rules", "nodescope-alerts.test.yml"))) {
            Process p = new ProcessBuilder(cmd).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        }
    }
}
