package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.watch.sink.Receiver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment example of docs/fleet.md, run as written: three nats-servers from the documented
 * config, the publisher from the systemd unit's ExecStart as an unprivileged user with only the
 * unit's capabilities, tracing the fixture (the stand-in bitcoind), and the documented central
 * {@code metrics}, {@code watch} and {@code web} reading the fleet as the reader user. Only what
 * cannot be the same on one machine's loopback is rewritten: addresses and ports, the JetStream
 * store, the paths of the jar, the JDK, bitcoind and the secret files, and the service user
 * ({@code nobody} for {@code nodescope}).
 */
@ExtendWith(BpfAvailable.class)
class FleetDeploymentTest {
    static final String STREAM = "FLEET";
    static final String HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    static final int PINGS = 5;
    /** The misbehaving detector's default node_burst: that many punished peers in 10 minutes is an alert about the node. */
    static final int MISBEHAVING_PEERS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDocumentedClusterPublisherAndCentralToolsWorkAsWritten() throws Exception {
        UnprivilegedUser user = UnprivilegedUser.nobody();
        DeploymentDoc doc = DeploymentDoc.read();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the service user reaches its files
        // passwords nats-server would refuse unquoted (a number, a size, a space): quoted as the page says
        Map<String, String> passwords = Map.of("publisher", "1e5 " + secret() + " #", "reader", "12kb " + secret() + " #");
        Map<String, String> env = Map.of("PUBLISHER_PASSWORD", "\"" + passwords.get("publisher") + "\"",
                "READER_PASSWORD", "\"" + passwords.get("reader") + "\"");
        Loopback loopback = new Loopback();
        try (NatsCluster cluster = cluster(doc, loopback, env, passwords.get("reader"))) {
            Path etc = Files.createDirectories(dir.resolve("etc/nodescope"));
            Files.setPosixFilePermissions(etc.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path publisherFile = etc.resolve("nats-publisher");
            user.ownOnly(publisherFile, "publisher:" + passwords.get("publisher") + "\n");
            Path readerFile = ownerOnly(etc.resolve("nats-reader"), "reader:" + passwords.get("reader") + "\n");
            String token = secret();
            Path tokenFile = ownerOnly(etc.resolve("web-token"), token + "\n");
            Path bitcoind = Files.createDirectories(dir.resolve("usr/local/bin")).resolve("bitcoind");
            Files.copy(Fixture.binary(), bitcoind, StandardCopyOption.COPY_ATTRIBUTES);
            openUp(dir.resolve("usr"));
            Path jar = installedJar(dir.resolve("opt/nodescope"));

            Map<String, String> paths = new LinkedHashMap<>(Map.of(
                    "/etc/nodescope/nats-publisher", publisherFile.toString(),
                    "/etc/nodescope/nats-reader", readerFile.toString(),
                    "/etc/nodescope/web-token", tokenFile.toString(),
                    "/opt/nodescope/nodescope.jar", jar.toString(),
                    "/usr/local/bin/bitcoind", bitcoind.toString(),
                    "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            try (Receiver alertmanager = Receiver.at("/api/v2/alerts")) {
                paths.put("http://127.0.0.1:9093", alertmanager.base());
                Rewrites rewrite = new Rewrites(paths, loopback);

                // the central tools that follow the fleet live (core NATS) start first, as they would run all along
                List<String> metricsLine = central(doc.centralTool("metrics"), doc, rewrite);
                metricsLine.addAll(List.of("--listen", "127.0.0.1:0")); // a free port: other tests run on this machine
                List<String> webLine = central(doc.centralTool("web"), doc, rewrite);
                webLine.addAll(List.of("--listen", "127.0.0.1:0"));
                try (CliProcess metrics = CliProcess.consumer(metricsLine.toArray(String[]::new));
                     CliProcess web = CliProcess.consumer(webLine.toArray(String[]::new))) {
                    Published node = publishTheNode(doc, user, rewrite);
                    Map<String, Long> series = Map.of(
                            "nodescope_events_total{node=\"fra1\",tracepoint=\"net:inbound_message\"}", (long) PINGS,
                            "nodescope_events_total{node=\"fra1\",tracepoint=\"net:misbehaving_connection\"}", (long) MISBEHAVING_PEERS,
                            "nodescope_events_total{node=\"fra1\",tracepoint=\"validation:block_connected\"}", 1L,
                            "nodescope_events_total{node=\"fra1\",tracepoint=\"net:inbound_connection\"}", 1L + MISBEHAVING_PEERS);
                    assertThat(awaitSeries(servedAt(metrics, "nodescope: serving metrics at "), series)).isEqualTo(series);
                    // what publish said it published: its attached event, then every hit
                    assertThat(node.summary().published()).isEqualTo(1 + node.fired());

                    URI dashboard = servedAt(web, "nodescope web: the dashboard is at ");
                    try (HttpClient http = HttpClient.newHttpClient()) {
                        assertThat(http.send(HttpRequest.newBuilder(dashboard.resolve("/api/view/fleet")).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode()).as("the dashboard without the token").isEqualTo(401);
                        List<String> expected = List.of("fra1 alive tip 870001 peers 11 (11 in)", "alert: fra1 misbehaving firing node");
                        assertThat(awaitDashboard(http, dashboard, token, expected)).isEqualTo(expected);
                    }
                }

                // watch reads what the stream kept (it was not running): the same alert, sent to Alertmanager
                List<String> watchLine = central(doc.centralTool("watch"), doc, rewrite);
                try (CliProcess watch = CliProcess.consumer(watchLine.toArray(String[]::new))) {
                    watch.awaitStdout(1);
                    List<Receiver.Request> posted = alertmanager.await(1);
                    assertThat(watch.stop()).as(watch.stderr()).isEqualTo(CliProcess.SIGTERM_EXIT);
                    assertThat(watch.stdout()).hasSize(1);
                    String line = watch.stdout().getFirst();
                    assertThat(line.substring(line.indexOf(' ') + 1)).as("the alert line after its time").isEqualTo(String.format(
                            "%-10s %-40s misbehaving firing warning node: %d misbehaviours within 10m (threshold 10), the last by peer 110"
                                    + " (110.1.2.3:8333, inbound): headers message size = 2001", "nodescope", "nodescope:alert", MISBEHAVING_PEERS));
                    assertThat(posted).hasSize(1);
                    JsonNode labels = JSON.readTree(posted.getFirst().body()).get(0).get("labels");
                    assertThat(labels.get("alertname").asText()).isEqualTo("misbehaving");
                    assertThat(labels.get("node").asText()).isEqualTo("fra1");
                }
            }
        }
    }

    /** The hits the node fired, and what the publisher said when it stopped. */
    record Published(long fired, PublishSummary summary) {
    }

    /**
     * Runs the unit's ExecStart as the service user with the unit's capabilities, plays the node's
     * hits on the stand-in bitcoind, stops the publisher as systemd would (SIGTERM) and returns the hits fired with its summary.
     */
    private static Published publishTheNode(DeploymentDoc doc, UnprivilegedUser user, Rewrites rewrite) throws Exception {
        Map<String, String> unit = doc.unitSettings();
        List<String> exec = rewriteAll(doc.execStart(), rewrite);
        ProcessBuilder service = new ProcessBuilder(user.run(List.of(unit.get("AmbientCapabilities").split("\\s+")),
                "yes".equals(unit.get("NoNewPrivileges")), exec));
        assertThat(unit.get("CapabilityBoundingSet")).as("the bounding set is the ambient set").isEqualTo(unit.get("AmbientCapabilities"));
        user.serviceEnvironment(service.environment());
        service.directory(Path.of("/").toFile());
        try (CliProcess publisher = new CliProcess(service)) {
            publisher.awaitStderr("nodescope: attached to "); // to the binary: every bitcoind that runs it, now and later
            try (Fixture node = Fixture.play(Path.of(exec.get(exec.indexOf("--binary") + 1)))) {
                node.send("wait-attached all 20000", "sleep 50", "thread b-net", "net:inbound_connection 7 203.0.113.5:50412 inbound ipv4 1",
                        "thread b-msghand");
                for (int i = 0; i < PINGS; i++) {
                    node.send("net:inbound_message 7 203.0.113.5:50412 inbound ping 8 hex:0102030405060708");
                }
                node.send("validation:block_connected " + HASH + " 870001 3012 7001 12345 123456789");
                for (int peer = 1; peer <= MISBEHAVING_PEERS; peer++) { // each from a netgroup of its own
                    node.send("thread b-net", "net:inbound_connection " + (100 + peer) + " " + (100 + peer) + ".1.2.3:8333 inbound ipv4 " + (1 + peer),
                            "thread b-msghand", "net:misbehaving_connection " + (100 + peer) + " \"headers message size = 2001\"");
                }
                long fired = 1 + PINGS + 1 + 2 * MISBEHAVING_PEERS;
                assertThat(node.finish()).isEqualTo("done fired=" + fired + " skipped=0 errors=0");
                // stopped, it drains the kernel ring and then sends what it holds before it exits
                assertThat(publisher.stop()).as(publisher.stderr()).isEqualTo(CliProcess.SIGTERM_EXIT);
                PublishSummary summary = PublishSummary.of(publisher.stderr());
                assertThat(summary.lost()).as(publisher.stderr()).isEmpty();
                return new Published(fired, summary);
            }
        }
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here: the unit of docs/fleet.md was not verified");
        DeploymentDoc doc = DeploymentDoc.read();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // verify checks that ExecStart's program exists: this machine's JDK for the documented one
        Path unit = dir.resolve("nodescope-publish.service");
        Files.writeString(unit, doc.unit.replace("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", java));
        Cli.Result r = Cli.finish(new ProcessBuilder(analyze.toString(), "verify", unit.toString()).start(), 60);
        // it only warns (exit 0) about a setting it cannot parse: any word from it is a mistake in the unit
        assertThat(r.stdout() + r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
    }

    /** The documented config for each server: a's as written, b's and c's as the page says (a's with their own address). */
    private NatsCluster cluster(DeploymentDoc doc, Loopback loopback, Map<String, String> env, String readerPassword) throws Exception {
        List<NatsServer> servers = new ArrayList<>();
        NatsCluster cluster = NatsCluster.of(servers);
        try {
            for (int i = 1; i <= 3; i++) {
                String name = "nats-" + (char) ('a' + i - 1);
                String config = doc.natsConfig.replace("nats-a", name);
                if (i > 1) { // b and c: the same with their own address, and the other two routes
                    config = config.replace("10.0.0.1", "@").replace("10.0.0." + i, "10.0.0.1").replace("@", "10.0.0." + i);
                }
                Path store = dir.resolve(name + "-jetstream");
                config = loopback.rewriteConfig(config).replace("/var/lib/nats/jetstream", store.toString());
                assertThat(config).as("every address and path of the config was rewritten").doesNotContain("10.0.0.", "/var/lib/");
                servers.add(NatsServer.startConfigured(dir.resolve("nats"), name, loopback.clientPort(i), config, env));
            }
            for (NatsServer s : servers) {
                NatsCluster.awaitJetStream(s.url(), "reader", readerPassword);
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A central tool's documented line as a command: {@code ...} stands for the value the first
     * line gave the same option (the page writes the URLs and the file once).
     */
    private static List<String> central(List<String> line, DeploymentDoc doc, Rewrites rewrite) {
        List<String> first = doc.centralTools.getFirst();
        List<String> words = new ArrayList<>();
        for (int i = 1; i < line.size(); i++) {
            String word = line.get(i);
            words.add(word.equals("...") ? first.get(first.indexOf(line.get(i - 1)) + 1) : word);
        }
        return new ArrayList<>(rewriteAll(words, rewrite));
    }

    /** The words rewritten; a documented address or path the test has no rewrite for fails (the page gained one). */
    private static List<String> rewriteAll(List<String> words, Rewrites rewrite) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            String r = rewrite.apply(w);
            if (r.equals(w) && !rewrite.paths().containsKey(w)) {
                assertThat(w).as("a documented address or path the test does not know how to rewrite").doesNotContain("10.0.0.", "/etc/",
                        "/opt/", "/usr/", "...");
            }
            out.add(r);
        }
        return out;
    }

    /** What differs on this machine: the documented paths (to their stand-ins here), then the addresses. */
    record Rewrites(Map<String, String> paths, Loopback loopback) implements UnaryOperator<String> {
        @Override
        public String apply(String word) {
            return paths.getOrDefault(word, loopback.rewriteConfig(word));
        }
    }

    /** The documented addresses (10.0.0.1-3, client port 4222 and route port 6222) on free loopback ports. */
    static final class Loopback {
        private final int[] client = new int[4];
        private final int[] route = new int[4];

        Loopback() throws IOException {
            for (int i = 1; i <= 3; i++) {
                client[i] = NatsServer.freePort();
                route[i] = NatsServer.freePort();
            }
        }

        int clientPort(int server) {
            return client[server];
        }

        String rewriteConfig(String text) {
            for (int i = 1; i <= 3; i++) {
                text = text.replace("10.0.0." + i + ":4222", "127.0.0.1:" + client[i]).replace("10.0.0." + i + ":6222", "127.0.0.1:" + route[i]);
            }
            return text;
        }
    }

    /** Where a tool says it serves, from its stderr line starting with {@code prefix}. */
    private static URI servedAt(CliProcess tool, String prefix) throws InterruptedException {
        tool.awaitStderr(prefix);
        for (String line : tool.stderr().split("\n")) {
            if (line.startsWith(prefix)) {
                return URI.create(line.substring(prefix.length()).split(" ")[0]);
            }
        }
        throw new AssertionError("no line starting with " + prefix + ": " + tool.stderr());
    }

    /** Polls the metrics until the series have the expected values (or 30 s pass), and returns what they were last. */
    private static Map<String, Long> awaitSeries(URI metrics, Map<String, Long> expected) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            Map<String, Long> got;
            do {
                Thread.sleep(200);
                String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                got = new LinkedHashMap<>();
                for (String key : expected.keySet()) {
                    got.put(key, body.lines().filter(l -> l.startsWith(key + " ")).map(l -> (long) Double.parseDouble(l.substring(key.length() + 1)))
                            .findFirst().orElse(-1L));
                }
            } while (!got.equals(expected) && System.nanoTime() < deadline);
            return got;
        }
    }

    /**
     * Polls the dashboard (with its token) until its Fleet page's rows and its open alerts are
     * {@code expected} (or 30 s pass: it redraws every second), and returns what they were last.
     */
    private static List<String> awaitDashboard(HttpClient http, URI dashboard, String token, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> got;
        do {
            Thread.sleep(200);
            got = new ArrayList<>();
            for (JsonNode n : JSON.readTree(authorized(http, dashboard.resolve("/api/view/fleet"), token)).get("nodes")) {
                got.add(n.get("node").asText() + " " + n.get("state").asText() + " tip " + n.get("height").asInt() + " peers "
                        + n.get("peers").asInt() + " (" + n.get("inbound").asInt() + " in)");
            }
            for (JsonNode a : JSON.readTree(authorized(http, dashboard.resolve("/api/view/alerts"), token)).get("open")) {
                got.add("alert: " + a.get("node").asText() + " " + a.get("alert").asText() + " " + a.get("state").asText() + " "
                        + a.get("subject").asText());
            }
        } while (!got.equals(expected) && System.nanoTime() < deadline);
        return got;
    }

    private static String authorized(HttpClient http, URI uri, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s with the token", uri).isEqualTo(200);
        return r.body();
    }

    /**
     * What {@code /opt/nodescope/nodescope.jar} is on a node, made from this build: a jar whose
     * manifest names the main class and the classes and libraries beside it (copied, since the
     * build's own copies may sit where the service user cannot read them).
     */
    private static Path installedJar(Path opt) throws IOException {
        Path lib = Files.createDirectories(opt.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            Path entry = Path.of(entries[i]);
            if (entry.endsWith("test-classes")) {
                continue;
            }
            String name = String.format("%03d-%s", i, entry.getFileName());
            if (Files.isDirectory(entry)) {
                copyTree(entry, lib.resolve(name));
                classPath.add("lib/" + name + "/");
            } else {
                Files.copy(entry, lib.resolve(name));
                classPath.add("lib/" + name);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.nodescope.cli.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path jar = opt.resolve("nodescope.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        openUp(opt.getParent());
        return jar;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Everyone may read {@code top} and below (as a package's files under /opt and /usr are). */
    private static void openUp(Path top) throws IOException {
        try (Stream<Path> files = Files.walk(top)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) || Files.isExecutable(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String secret() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
