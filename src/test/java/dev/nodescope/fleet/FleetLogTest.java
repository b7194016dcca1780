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
