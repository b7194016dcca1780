package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.TestStreams;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end check of issue 4: a real Prometheus (Debian package) scrapes the exporter every
 * second while the fixture plays a known scenario through real BPF; its HTTP API must then give
 * the exact counts and histogram counts.
 */
@ExtendWith(BpfAvailable.class)
class PrometheusScrapeTest {
    static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("NODESCOPE_PROMETHEUS", "/usr/bin/prometheus"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void prometheusSeesTheExactCounts(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(PROMETHEUS + " missing: apt-get install prometheus");
            }
            assumeTrue(false, PROMETHEUS + " missing (apt-get install prometheus)");
        }
        int repeat = 40;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fx.pid()).payloadMax(4096).build();
            try (MetricsExporter exporter = MetricsExporter.builder().port(0).decodePayloads(true)
                    .sourceStats(source).build().start()) {
                int promPort = freePort();
                Path config = scrapeConfig(dir, exporter.port());
                Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
                try {
                    EventStream stream = EventStream.open(source);
                    TestStreams.startAttached(exporter.attach(stream));
                    fx.send("wait-attached all 20000", "sleep 50");
                    fx.send(MetricsLiveTest.scenario(repeat));
                    assertThat(fx.finish()).endsWith("errors=0");
                    assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

                    URI api = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query=");
                    // wait for a scrape that happened after the scenario ended (the exporter keeps its final values)
                    awaitValue(api, "nodescope_detached_total", 1.0, dir);
                    assertThat(query(api, "nodescope_mempool_added_total")).isEqualTo((double) repeat);
                    assertThat(query(api, "sum(nodescope_events_total{tracepoint=\"net:inbound_message\"})")).isEqualTo(1.0 + 2 * repeat);
                    assertThat(query(api, "sum(nodescope_tracepoint_hits_total)")).isEqualTo(query(api, "sum(nodescope_extractor_events_received_total)"));
                    assertThat(query(api, "sum(nodescope_events_lost_total) or vector(0)")).isEqualTo(0.0);
                    assertThat(query(api, "nodescope_p2p_messages_total{direction=\"inbound\",msg_type=\"inv\",conn_type=\"inbound\"}")).isEqualTo((double) repeat);
                    assertThat(query(api, "nodescope_p2p_bytes_total{direction=\"outbound\",msg_type=\"headers\"}")).isEqualTo(1000.0 * repeat);
                    assertThat(query(api, "nodescope_p2p_message_size_bytes_count{direction=\"outbound\",msg_type=\"headers\"}")).isEqualTo((double) repeat);
                    assertThat(query(api, "nodescope_p2p_message_size_bytes_bucket{direction=\"outbound\",msg_type=\"headers\",le=\"1024.0\"}")).isEqualTo((double) repeat);
                    assertThat(query(api, "nodescope_p2p_ping_rtt_seconds_count{conn_type=\"outbound-full-relay\"}")).isEqualTo(1.0);
                    assertThat(query(api, "nodescope_validation_block_connect_duration_seconds_count")).isEqualTo(2.0);
                    assertThat(query(api, "nodescope_validation_block_connect_duration_seconds_bucket{le=\"0.005\"}")).isEqualTo(1.0);
                    assertThat(query(api, "nodescope_validation_best_height")).isEqualTo(870002.0);
                    assertThat(query(api, "nodescope_mempool_added_fee_rate_sat_per_vbyte_count")).isEqualTo((double) repeat);
                    assertThat(query(api, "nodescope_connections_misbehaving_total{reason=\"headers message size\"}")).isEqualTo(1.0);
                    assertThat(query(api, "sum(nodescope_connections)")).isEqualTo(0.0);
                    assertThat(query(api, "nodescope_attached")).isEqualTo(0.0);
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly();
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitValue(URI api, String promql, double expected, Path dir) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Double last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = query(api, promql);
                if (last != null && last == expected) {
                    return;
                }
            } catch (IOException e) {
                // Prometheus still starting
            }
            Thread.sleep(250);
        }
        String log = Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "";
        throw new AssertionError(promql + " never became " + expected + " (last " + last + "); prometheus log:\n" + log);
    }

    /** The single value of an instant query, or null when it has no result. */
    static Double query(URI api, String promql) throws Exception {
        URI uri = URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError(promql + ": " + r.body());
        }
        JsonNode result = body.path("data").path("result");
        if (result.isEmpty()) {
            return null;
        }
        assertThat(result.size()).as("series of %s: %s", promql, result).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** A Prometheus configuration in {@code dir} that scrapes 127.0.0.1:{@code port} every second. */
    static Path scrapeConfig(Path dir, int port) throws java.io.IOException {
        return Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: nodescope
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
    }
}
