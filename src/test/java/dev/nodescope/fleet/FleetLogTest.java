package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.web.BusyNodeArchive;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes publish the busy-node scenario (three seeds) to a real nats-server; a central
 * {@code log --nats} gets every event exactly once, with its node, in each node's order: the
 * same lines as each node's own {@code log --replay}. With JetStream, a consumer that was away
 * reads them all afterwards.
 */
class FleetLogTest {
    static final List<String> NODES = List.of("fra1", "ams1", "nyc1");
    static final int LINES = 1500;

    @TempDir
    static Path dir;
    static NatsServer server;
    static final Map<String, Path> archives = new LinkedHashMap<>();
    static final Map<String, List<String>> ownLogs = new LinkedHashMap<>();

    @BeforeAll
    static void fleet() throws Exception {
        server = NatsServer.start(dir.resolve("nats"), "n1", "jetstream { store_dir: \"" + dir.resolve("js") + "\" }");
        for (int i = 0; i < NODES.size(); i++) {
            String node = NODES.get(i);
            archives.put(node, BusyNodeArchive.write(dir.resolve(node), node, i + 1, LINES).dir());
            Cli.Result own = Cli.run("log", "--replay", archives.get(node).toString(), "--format", "json");
            assertThat(own.exitCode()).as(own.stderr()).isZero();
            ownLogs.put(node, own.stdoutLines());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A consumer process and its stdout lines, read as they come. */
    static final class Consumer implements AutoCloseable {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final StringBuilder err = new StringBuilder();

        Consumer(String... args) throws Exception {
            process = Cli.start(args);
            BufferedReader e = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = e.readLine()) != null) {
                err.append(line).append('\n');
                if (line.startsWith("nodescope: reading ")) {
                    break;
                }
            }
            assertThat(err.toString()).as("the consumer subscribed").contains("nodescope: reading ");
            Thread.ofVirtual().start(() -> e.lines().forEach(l -> {
                synchronized (err) {
                    err.append(l).append('\n');
                }
            }));
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> out.lines().forEach(lines::add));
        }

        void awaitLines(int n) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (lines.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300); // anything beyond n (a duplicate) would show now
        }

        Map<String, List<String>> byNode() {
            Map<String, List<String>> by = new LinkedHashMap<>();
            synchronized (lines) {
                for (String l : lines) {
                    String node = l.replaceFirst(".*\"node\":\"([^\"]*)\".*", "$1");
                    by.computeIfAbsent(node, k -> new ArrayList<>()).add(l);
                }
            }
            return by;
        }

        @Override
        public void close() throws Exception {
            process.toHandle().destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    static void publish(String... extra) throws Exception {
        List<Process> publishers = new ArrayList<>();
        for (String node : NODES) {
            List<String> args = new ArrayList<>(List.of("publish", "--replay", archives.get(node).toString(), "--nats", server.url()));
            args.addAll(List.of(extra));
            publishers.add(Cli.start(args.toArray(String[]::new)));
        }
        for (Process p : publishers) {
            Cli.Result r = Cli.finish(p, 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("nodescope: published ").doesNotContain("lost:");
        }
    }

    @Test
    void aCentralLogGetsEveryEventOnceInEachNodesOrder() throws Exception {
        int all = ownLogs.values().stream().mapToInt(List::size).sum();
        try (Consumer central = new Consumer("log", "--nats", server.url(), "--format", "json")) {
            publish();
            central.awaitLines(all);
            Map<String, List<String>> got = central.byNode();
            assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(NODES);
            for (String node : NODES) {
                assertThat(got.get(node)).as("node %s", node).containsExactlyElementsOf(ownLogs.get(node));
            }
            assertThat(central.lines).hasSize(all);
        }
    }

    /** An archive's payloads go as recorded unless {@code --payload none}, which publishes the messages without them. */
    @Test
    void payloadNoneLeavesAnArchivesPayloadsOut() throws Exception {
        String node = "ams1";
        List<String> withoutPayloads = ownLogs.get(node).stream()
                .map(l -> l.replaceFirst("\"captured\":\\d+,\"truncated\":(true|false)", "\"captured\":0,\"truncated\":false")).toList();
        assertThat(withoutPayloads).as("the archive has payloads").isNotEqualTo(ownLogs.get(node));
        try (Consumer central = new Consumer("log", "--nats", server.url(), "--nodes", node, "--format", "json", "--payload", "hex")) {
            Cli.Result r = Cli.run("publish", "--replay", archives.get(node).toString(), "--nats", server.url(), "--payload", "none");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(PublishSummary.of(r.stderr())).isEqualTo(new PublishSummary(ownLogs.get(node).size(), Map.of()));
            central.awaitLines(withoutPayloads.size());
            assertThat(central.lines).containsExactlyElementsOf(withoutPayloads);
        }
    }

    @Test
    void recordKeepsTheFleetInOneArchiveWithEachEventsNode() throws Exception {
        Path out = dir.resolve("fleet-rec");
        Process record = Cli.start("record", "--nats", server.url(), "--out", out.toString(), "--payload", "full");
        BufferedReader err = new BufferedReader(new InputStreamReader(record.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = err.readLine(); line != null && !line.startsWith("nodescope: reading "); line = err.readLine()) {
            // until subscribed
        }
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> { }));
        publish();
        // every event arrived once the consumer has been quiet: stop it as an operator would
        Thread.sleep(1500);
        record.toHandle().destroy();
        assertThat(record.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Cli.Result replayed = Cli.run("log", "--replay", out.toString(), "--format", "json");
        assertThat(replayed.exitCode()).as(replayed.stderr()).isZero();
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (String l : replayed.stdoutLines()) {
            byNode.computeIfAbsent(l.replaceFirst(".*\"node\":\"([^\"]*)\".*", "$1"), k -> new ArrayList<>()).add(l);
        }
        for (String node : NODES) {
            assertThat(byNode.get(node)).as("node %s", node).containsExactlyElementsOf(ownLogs.get(node));
        }
    }

    @Test
    void metricsOverTheFleetLabelEverySeriesWithItsNode() throws Exception {
        Process metrics = Cli.start("metrics", "--nats", server.url(), "--listen", "127.0.0.1:0", "--no-jvm-metrics");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(metrics.getErrorStream(), StandardCharsets.UTF_8));
            java.net.URI uri = null;
            boolean reading = false;
            while (uri == null || !reading) {
                String line = err.readLine();
                assertThat(line).as("metrics said where it serves and that it reads").isNotNull();
                if (line.startsWith("nodescope: serving metrics at ")) {
                    uri = java.net.URI.create(line.substring("nodescope: serving metrics at ".length()));
                }
                reading |= line.startsWith("nodescope: reading ");
            }
            Thread.ofVirtual().start(() -> err.lines().forEach(l -> { }));
            publish();
            Map<String, Long> expected = new LinkedHashMap<>();
            for (String node : NODES) {
                long messages = ownLogs.get(node).stream().filter(l -> l.contains("\"event\":\"net:inbound_message\"")).count();
                expected.put("nodescope_events_total{node=\"" + node + "\",tracepoint=\"net:inbound_message\"}", messages);
            }
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                Map<String, Long> got;
                do {
                    Thread.sleep(200);
                    String body = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    got = new LinkedHashMap<>();
                    for (String key : expected.keySet()) {
                        got.put(key, body.lines().filter(l -> l.startsWith(key + " ")).map(l -> (long) Double.parseDouble(l.substring(key.length() + 1)))
                                .findFirst().orElse(-1L));
                    }
                } while (!got.equals(expected) && System.nanoTime() < deadline);
                assertThat(got).isEqualTo(expected);
            }
        } finally {
            metrics.toHandle().destroy();
            assertThat(metrics.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void fleetPrintsOneLinePerNodeWithItsTipAndPeers() throws Exception {
        try (Consumer fleet = new Consumer("fleet", "--nats", server.url(), "--every", "300ms", "--format", "json")) {
            publish();
            Map<String, dev.nodescope.node.NodeSnapshot> expected = new LinkedHashMap<>();
            for (int i = 0; i < NODES.size(); i++) {
                dev.nodescope.node.NodeState state = new dev.nodescope.node.NodeState();
                BusyNodeArchive a = BusyNodeArchive.write(dir.resolve("again-" + i), NODES.get(i), i + 1, LINES);
                a.events().forEach(state::accept);
                expected.put(NODES.get(i), state.node(NODES.get(i), state.lastEventNanos()));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            com.fasterxml.jackson.databind.JsonNode last = null;
            while (System.nanoTime() < deadline) {
                Thread.sleep(300);
                List<String> lines = new ArrayList<>(fleet.lines);
                if (!lines.isEmpty()) {
                    last = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.getLast());
                    if (last.get("nodes").size() == 3 && matches(last, expected)) {
                        break;
                    }
                }
            }
            assertThat(last).isNotNull();
            assertThat(matches(last, expected)).as("last line %s", last).isTrue();
        }
    }

    private static boolean matches(com.fasterxml.jackson.databind.JsonNode line, Map<String, dev.nodescope.node.NodeSnapshot> expected) {
        Map<String, String> got = new LinkedHashMap<>();
        Map<String, String> want = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode n : line.get("nodes")) {
            got.put(n.get("node").asText(), n.get("height").asInt() + " " + n.get("peers").asInt() + " " + n.get("losses").size());
        }
        expected.forEach((node, s) -> want.put(node, s.height() + " " + s.openPeers() + " 0"));
        return got.equals(want);
    }

    @Test
    void withJetStreamAConsumerThatWasAwayReadsWhatItMissed() throws Exception {
        publish("--jetstream", "FLEET");
        int all = ownLogs.values().stream().mapToInt(List::size).sum();
        try (Consumer late = new Consumer("log", "--nats", server.url(), "--jetstream", "FLEET", "--from", "1h", "--format", "json",
                "--nodes", "fra*,ams1")) {
            int wanted = ownLogs.get("fra1").size() + ownLogs.get("ams1").size();
            late.awaitLines(wanted);
            Map<String, List<String>> got = late.byNode();
            assertThat(got.keySet()).containsExactlyInAnyOrder("fra1", "ams1");
            assertThat(got.get("fra1")).containsExactlyElementsOf(ownLogs.get("fra1"));
            assertThat(got.get("ams1")).containsExactlyElementsOf(ownLogs.get("ams1"));
            assertThat(all).isGreaterThan(wanted);
        }
    }
}
