package dev.nodescope.watch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.watch.MisbehavingArchive;
import dev.nodescope.metrics.Scrape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch --alertmanager --listen} on the fixture through real BPF: a real Alertmanager
 * (Debian's prometheus-alertmanager) receives the misbehaving peers' alerts with their labels and
 * annotations, groups them by detector and node, and resolves each as its peer goes; the alert
 * metrics on {@code --listen} say the same at each step.
 */
@ExtendWith(BpfAvailable.class)
class AlertmanagerLiveTest {
    static final Path ALERTMANAGER = Path.of(System.getenv().getOrDefault("NODESCOPE_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static void requireAlertmanager() {
        if (!Files.isExecutable(ALERTMANAGER)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(ALERTMANAGER + " missing: apt-get install prometheus-alertmanager");
            }
            assumeTrue(false, ALERTMANAGER + " missing (apt-get install prometheus-alertmanager)");
        }
    }

    /** Starts Alertmanager on loopback (no cluster port), grouping by detector and node; returns its process once ready. */
    static Process startAlertmanager(Path dir, int port) throws Exception {
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: nobody
                  group_by: [alertname, node]
                  group_wait: 1s
                  group_interval: 1s
                receivers:
                  - name: nobody
                """);
        Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return am;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        am.destroyForcibly();
        throw new AssertionError("alertmanager not ready: " + Files.readString(dir.resolve("alertmanager.log")));
    }

    static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Alertmanager's active alerts, as their subjects, sorted; waits up to 20 s for {@code expected}. */
    static JsonNode awaitAlerts(int port, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> subjects = null;
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = get(port, "/api/v2/alerts");
            subjects = new ArrayList<>();
            for (JsonNode a : alerts) {
                subjects.add(a.path("labels").path("subject").asText());
            }
            subjects.sort(null);
            if (subjects.equals(expected)) {
                return alerts;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("alertmanager has " + subjects + ", expected " + expected + ": " + alerts);
    }

    static Map<String, String> map(JsonNode object) {
        Map<String, String> m = new TreeMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    @Test
    void alertmanagerReceivesGroupsAndResolvesTheAlerts(@TempDir Path dir) throws Exception {
        requireAlertmanager();
        int amPort = Receiver.freePort();
        Process am = startAlertmanager(dir, amPort);
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process watch = Cli.start("watch", "--pid", Long.toString(fx.pid()), "--node", "n1", "--events", "net:*",
                    "--rules", MisbehavingArchive.rules(dir),
                    "--alertmanager", "http://127.0.0.1:" + amPort, "--listen", "127.0.0.1:0", "--format", "json");
            ProcessLines err = new ProcessLines(watch.getErrorStream());
            ProcessLines out = new ProcessLines(watch.getInputStream());
            URI metrics = URI.create(err.await("nodescope: serving alert metrics at ").substring("nodescope: serving alert metrics at ".length()));
            Scrape before = Scrape.of(metrics);
            assertThat(before.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=warning")).isEqualTo(0.0);
            assertThat(before.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=firing")).isEqualTo(0.0);

            fx.send("wait-attached net:misbehaving_connection 20000", "sleep 50", "thread b-net",
                    "net:inbound_connection 7 203.0.113.7:8333 inbound ipv4 1",
                    "net:inbound_connection 8 198.51.100.8:8333 inbound ipv4 2",
                    "thread b-msghand",
                    "net:misbehaving_connection 7 \"addr message size = 1001\"",
                    "net:misbehaving_connection 8 \"headers message size = 2001\"");
            JsonNode alerts = awaitAlerts(amPort, List.of("peer:7", "peer:8"));
            List<JsonNode> sorted = new ArrayList<>();
            alerts.forEach(sorted::add);
            sorted.sort((a, b) -> a.path("labels").path("subject").asText().compareTo(b.path("labels").path("subject").asText()));
            assertThat(map(sorted.get(0).path("labels"))).isEqualTo(Map.of("alertname", "misbehaving", "severity", "warning", "node", "n1",
                    "subject", "peer:7", "peer_id", "7"));
            assertThat(map(sorted.get(0).path("annotations"))).isEqualTo(Map.of(
                    "summary", "peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001", "evidence", "misbehaviours=1"));
            assertThat(map(sorted.get(1).path("labels"))).isEqualTo(Map.of("alertname", "misbehaving", "severity", "warning", "node", "n1",
                    "subject", "peer:8", "peer_id", "8"));
            assertThat(sorted.get(1).path("status").path("state").asText()).isEqualTo("active");
            // the alert began when the peer misbehaved, as the JSON line says
            JsonNode line7 = JSON.readTree(out.await("{\"event\":\"nodescope:alert\""));
            assertThat(sorted.get(0).path("startsAt").asText()).startsWith(line7.path("time").asText().substring(0, 19));

            JsonNode groups = get(amPort, "/api/v2/alerts/groups");
            assertThat(groups).hasSize(1);
            assertThat(map(groups.get(0).path("labels"))).isEqualTo(Map.of("alertname", "misbehaving", "node", "n1"));
            assertThat(groups.get(0).path("alerts")).hasSize(2);

            Scrape firing = Scrape.of(metrics);
            assertThat(firing.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=warning")).isEqualTo(2.0);
            assertThat(firing.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=firing")).isEqualTo(2.0);

            fx.send("thread b-net", "net:closed_connection 7 203.0.113.7:8333 inbound ipv4 1700000000");
            awaitAlerts(amPort, List.of("peer:8"));
            Scrape resolved = Scrape.of(metrics);
            assertThat(resolved.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=warning")).isEqualTo(1.0);
            assertThat(resolved.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=resolved")).isEqualTo(1.0);

            assertThat(fx.finish()).endsWith("errors=0");
            assertThat(watch.waitFor(30, TimeUnit.SECONDS)).as(err.all().toString()).isTrue();
            assertThat(watch.exitValue()).as(err.all().toString()).isZero();
            // the fixture went away: nodescope detached, the last alert resolved, and Alertmanager was told before exit
            awaitAlerts(amPort, List.of());
            assertThat(err.all()).contains("nodescope: alertmanager http://127.0.0.1:" + amPort + "/api/v2/alerts: 4 alerts delivered");
        } finally {
            am.destroy();
            if (!am.waitFor(10, TimeUnit.SECONDS)) {
                am.destroyForcibly();
            }
        }
    }
}
