package dev.nodescope.watch.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.watch.MisbehavingArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks from the command line: {@code watch --webhook}, {@code record --watch}'s payloads, and mistakes in one line. */
class WatchSinksCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path archive;

    @BeforeEach
    void recording() throws Exception {
        archive = MisbehavingArchive.write(dir.resolve("rec"), true);
    }

    @Test
    void theWebhookGetsTheLinesWatchPrintsAndAReceiverThatIsDownAtFirstGetsThemAll() throws Exception {
        Cli.Result printed = Cli.run("watch", "--replay", archive.toString(), "--rules", MisbehavingArchive.rules(dir), "--format", "json");
        assertThat(printed.exitCode()).as(printed.stderr()).isZero();
        assertThat(printed.stdoutLines()).hasSize(MisbehavingArchive.ALERTS.size());

        int port = Receiver.freePort();
        Process watch = Cli.start("watch", "--replay", archive.toString(), "--rules", MisbehavingArchive.rules(dir), "--webhook", "http://127.0.0.1:" + port + "/hook");
        ProcessLines err = new ProcessLines(watch.getErrorStream());
        new ProcessLines(watch.getInputStream());
        // the replay is over in an instant; its alerts wait in the queue while nobody listens
        err.await("nodescope: warning: webhook http://127.0.0.1:" + port + "/hook: cannot connect; detection goes on");
        try (Receiver receiver = Receiver.start(port, n -> 204)) {
            List<Receiver.Request> got = receiver.await(MisbehavingArchive.ALERTS.size());
            assertThat(watch.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(watch.exitValue()).as(err.all().toString()).isZero();
            List<JsonNode> bodies = new ArrayList<>();
            for (Receiver.Request r : got) {
                bodies.add(JSON.readTree(r.body()));
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String l : printed.stdoutLines()) {
                lines.add(JSON.readTree(l));
            }
            assertThat(bodies).containsExactlyElementsOf(lines);
        }
        assertThat(err.all().stream().filter(l -> l.startsWith("nodescope: webhook ")).toList()).singleElement().asString()
                .matches("nodescope: webhook http://127\\.0\\.0\\.1:" + port + "/hook: 4 alert events delivered, [0-9]+ retr(y|ies) \\(first failure: cannot connect\\)");
    }

    @Test
    void recordWatchKeepsTheAlertsAndLeavesPayloadsOutUnlessAskedFor() throws Exception {
        Path none = dir.resolve("none");
        Cli.Result r = Cli.run("record", "--watch", "--rules", MisbehavingArchive.rules(dir), "--replay", archive.toString(), "--out", none.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Cli.Result replay = Cli.run("replay", none.toString(), "--format", "json", "--payload", "hex");
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        List<JsonNode> messages = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (String line : replay.stdoutLines()) {
            JsonNode n = JSON.readTree(line);
            if (n.path("event").asText().equals("net:inbound_message")) {
                messages.add(n);
            } else if (n.path("event").asText().equals("nodescope:alert")) {
                alerts.add(n.path("state").asText() + " " + n.path("subject").asText());
            }
        }
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().has("payload_hex")).isFalse();
        assertThat(messages.getFirst().path("captured").asInt()).isZero();
        assertThat(messages.getFirst().path("truncated").asBoolean()).isFalse();
        assertThat(alerts).containsExactly("firing peer:7", "firing peer:8", "firing peer:9", "resolved peer:7");

        Path full = dir.resolve("full");
        assertThat(Cli.run("record", "--watch", "--rules", MisbehavingArchive.rules(dir), "--replay", archive.toString(), "--out", full.toString(), "--payload", "full").exitCode()).isZero();
        assertThat(Cli.run("replay", full.toString(), "--format", "json", "--payload", "hex").stdout())
                .contains("\"payload_hex\":\"0102030405060708\"");
    }

    private static void assertOneLine(Cli.Result r, String expected) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly(expected);
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        String rec = archive.toString();
        assertOneLine(Cli.run("watch", "--replay", rec, "--webhook", "localhost:8080/hook"),
                "nodescope: --webhook: 'localhost:8080/hook' is not an http:// or https:// URL; write http://HOST:PORT/PATH");
        assertOneLine(Cli.run("watch", "--replay", rec, "--webhook", "http://exa mple/"),
                "nodescope: --webhook: 'http://exa mple/' is not a URL (Illegal character in authority); write http://HOST:PORT/PATH");
        assertOneLine(Cli.run("watch", "--replay", rec, "--alertmanager", "http:///api"),
                "nodescope: --alertmanager: 'http:///api' has no host; write http://HOST:PORT/PATH");
        assertOneLine(Cli.run("watch", "--replay", rec, "--alertmanager", "http://admin:hunter2@127.0.0.1:9093"),
                "nodescope: --alertmanager: put credentials in --alertmanager-basic-auth-file, not in the URL (a URL shows in ps and in logs)");
        Path missing = dir.resolve("missing-token");
        assertOneLine(Cli.run("watch", "--replay", rec, "--alertmanager", "http://127.0.0.1:9093", "--alertmanager-bearer-token-file", missing.toString()),
                "nodescope: --alertmanager-bearer-token-file " + missing + ": cannot read it (no such file)");
        Path bad = Files.writeString(dir.resolve("auth"), "no-colon-here\n");
        assertOneLine(Cli.run("watch", "--replay", rec, "--webhook", "http://127.0.0.1:1/h", "--webhook-basic-auth-file", bad.toString()),
                "nodescope: --webhook-basic-auth-file " + bad + " must hold user:password on one line");
        assertOneLine(Cli.run("watch", "--replay", rec, "--webhook-bearer-token-file", bad.toString()),
                "nodescope: --webhook-basic-auth-file and --webhook-bearer-token-file need --webhook URL");
        assertOneLine(Cli.run("watch", "--replay", rec, "--bearer-token-file", bad.toString()),
                "nodescope: --basic-auth-file, --bearer-token-file and --tls-keystore apply to --listen, which is not given");
        assertOneLine(Cli.run("watch", "--replay", rec, "--report", dir.resolve("out.txt").toString()),
                "nodescope: --report " + dir.resolve("out.txt") + ": name it .html (a page with plots) or .json");
        assertOneLine(Cli.run("watch", "--replay", rec, "--report", dir.resolve("no/such/dir/r.html").toString()),
                "nodescope: --report " + dir.resolve("no/such/dir/r.html") + ": no directory " + dir.resolve("no/such/dir"));
        assertOneLine(Cli.run("watch", "--replay", rec, "--listen", "127.0.0.1:http"),
                "nodescope: --listen: expected HOST:PORT, got '127.0.0.1:http'");
        // nothing ran: no report, no archive touched
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }
}
