package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.Cli;
import dev.nodescope.watch.MisbehavingArchive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics --watch}: a real Prometheus scrapes the exporter replaying a recording in which
 * three peers misbehave and one leaves; it sees the alert series next to the event series.
 */
class MetricsWatchPrometheusTest {
    @Test
    void prometheusSeesTheAlertSeries(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(PrometheusScrapeTest.PROMETHEUS)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(PrometheusScrapeTest.PROMETHEUS + " missing: apt-get install prometheus");
            }
            assumeTrue(false, PrometheusScrapeTest.PROMETHEUS + " missing (apt-get install prometheus)");
        }
        Path archive = MisbehavingArchive.write(dir.resolve("rec"), false);
        Process nodescope = Cli.start("metrics", "--watch", "--rules", MisbehavingArchive.rules(dir), "--replay", archive.toString(), "--listen", "127.0.0.1:0", "--no-jvm-metrics");
        Process prometheus = null;
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(nodescope.getErrorStream(), StandardCharsets.UTF_8));
            URI uri = null;
            String line;
            while ((line = err.readLine()) != null && !line.startsWith("nodescope: replay finished")) {
                if (line.startsWith("nodescope: serving metrics at ")) {
                    uri = URI.create(line.substring("nodescope: serving metrics at ".length()));
                }
            }
            assertThat(uri).as("serving line; last: " + line).isNotNull();
            int promPort;
            try (ServerSocket s = new ServerSocket(0)) {
                promPort = s.getLocalPort();
            }
            Path config = PrometheusScrapeTest.scrapeConfig(dir, uri.getPort());
            prometheus = new ProcessBuilder(PrometheusScrapeTest.PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query=");
            await(api, "nodescope_alerts_firing{node=\"n1\",alert=\"misbehaving\",severity=\"warning\"}", 2.0, dir);
            assertThat(PrometheusScrapeTest.query(api, "nodescope_alerts_total{node=\"n1\",alert=\"misbehaving\",state=\"firing\"}")).isEqualTo(3.0);
            assertThat(PrometheusScrapeTest.query(api, "nodescope_alerts_total{node=\"n1\",alert=\"misbehaving\",state=\"resolved\"}")).isEqualTo(1.0);
            assertThat(PrometheusScrapeTest.query(api, "nodescope_alerts_total{node=\"n1\",alert=\"misbehaving\",state=\"pending\"}")).isEqualTo(0.0);
            // the event series are there as without --watch, alerts counted among the tool's events
            assertThat(PrometheusScrapeTest.query(api, "nodescope_connections_misbehaving_total{node=\"n1\",reason=\"mutated block\"}")).isEqualTo(1.0);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            nodescope.toHandle().destroy();
            assertThat(nodescope.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(URI api, String promql, double expected, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Double last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = PrometheusScrapeTest.query(api, promql);
                if (last != null && last == expected) {
                    return;
                }
            } catch (IOException starting) {
                // Prometheus still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(promql + " never became " + expected + " (last " + last + "); prometheus log:\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }
}
