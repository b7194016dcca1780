package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real BPF through the command line: record a run, then replay, log --replay, archive info and export it. */
@ExtendWith(BpfAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENVELOPE = Set.of("event", "node", "pid", "thread", "time", "mono_ns", "seq");

    private Path dir;
    private Path archive;
    private long fixturePid;
    private final List<Scenario.Case> cases = Scenario.allTracepoints();

    @BeforeAll
    void recordTheScenario(@TempDir Path tmp) throws Exception {
        dir = tmp;
        archive = dir.resolve("rec");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            fixturePid = fx.pid();
            Process record = Cli.start("record", "--pid", Long.toString(fx.pid()), "--out", archive.toString(), "--payload", "full",
                    "--node", "cli-node");
            fx.send("wait-attached all 20000", "sleep 50");
            fx.send(Scenario.lines(cases));
            assertThat(fx.finish()).isEqualTo("done fired=" + cases.size() + " skipped=0 errors=0");
            Cli.Result r = Cli.finish(record, 30);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines()).contains("nodescope: recording into " + archive);
            assertThat(r.stderrLines().getLast()).startsWith("nodescope: recorded " + (cases.size() + 2) + " events in 1 file, ");
        }
    }

    @Test
    void replayPrintsTheRecordedValuesExactly() throws Exception {
        Cli.Result r = Cli.run("replay", archive.toString(), "--format", "json", "--payload", "hex");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(cases.size() + 2);
        assertThat(lines.getFirst().get("event").asText()).isEqualTo("nodescope:attached");
        assertThat(lines.getLast().get("event").asText()).isEqualTo("nodescope:detached");
        for (int i = 0; i < cases.size(); i++) {
            ObjectNode node = (ObjectNode) lines.get(i + 1);
            assertThat(node.get("node").asText()).isEqualTo("cli-node");
            assertThat(node.get("pid").asLong()).isEqualTo(fixturePid);
            assertThat(node.get("thread").asText()).isEqualTo(cases.get(i).thread());
            node.remove(ENVELOPE);
            assertThat(node).as(cases.get(i).line()).isEqualTo(JSON.readTree(cases.get(i).expectedJson()));
        }
        // every tool reads archives the same way: log --replay is replay
        Cli.Result log = Cli.run("log", "--replay", archive.toString(), "--format", "json", "--payload", "hex");
        assertThat(log.stdout()).isEqualTo(r.stdout());
        // and export --format jsonl is the same lines
        Cli.Result export = Cli.run("archive", "export", archive.toString(), "--format", "jsonl", "--payload", "hex");
        assertThat(export.exitCode()).isZero();
        assertThat(export.stdout()).isEqualTo(r.stdout());
    }

    @Test
    void selectionAndTimeRange() throws Exception {
        Cli.Result mempool = Cli.run("replay", archive.toString(), "--format", "json", "--events", "mempool:*");
        List<String> expected = new ArrayList<>();
        expected.add("nodescope:attached");
        cases.stream().map(c -> c.line().substring(0, c.line().indexOf(' '))).filter(n -> n.startsWith("mempool:")).forEach(expected::add);
        expected.add("nodescope:detached");
        assertThat(expected).hasSizeGreaterThan(5);
        List<String> names = new ArrayList<>();
        for (String l : mempool.stdoutLines()) {
            names.add(JSON.readTree(l).get("event").asText());
        }
        assertThat(names).containsExactlyElementsOf(expected);
        // from the time of the 5th line on
        String fifth = Cli.run("replay", archive.toString(), "--format", "json").stdoutLines().get(4);
        String time = JSON.readTree(fifth).get("time").asText();
        Cli.Result from = Cli.run("replay", archive.toString(), "--format", "json", "--from", time);
        assertThat(from.stdoutLines()).hasSize(cases.size() + 2 - 4);
        assertThat(from.stdoutLines().getFirst()).isEqualTo(fifth);
        assertThat(Instant.parse(time)).isNotNull();
    }

    @Test
    void infoSummarisesTheRecording() throws Exception {
        Cli.Result r = Cli.run("archive", "info", archive.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdoutLines();
        assertThat(lines).contains("Binary:       " + Fixture.binary().toRealPath() + " (v29 or later (all 20 tracepoints))", "Node:         cli-node", "Payloads:     full", "Selection:    all tracepoints",
                "Losses:       none recorded", "Damage:       none");
        assertThat(lines).anyMatch(l -> l.matches("Events:       " + (cases.size() + 2) + " in \\d+ blocks?, \\d+\\.\\d bytes/event stored \\(\\d+\\.\\d before compression\\)"));
        assertThat(lines).anyMatch(l -> l.startsWith("Attached:     ") && l.endsWith(" pid " + fixturePid
                + ", 20 tracepoints, Bitcoin Core v29 or later (all 20 tracepoints)"));
        assertThat(lines).anyMatch(l -> l.matches(" mempool:rejected +" + count("mempool:rejected") + " +\\d+\\.\\d% +\\d+\\.\\d"));
        assertThat(lines).anyMatch(l -> l.matches(" net:outbound_connection +" + count("net:outbound_connection") + " .*"));
        JsonNode json = JSON.readTree(Cli.run("archive", "info", archive.toString(), "--format", "json").stdout());
        assertThat(json.get("events").asLong()).isEqualTo(cases.size() + 2);
        for (String name : cases.stream().map(c -> c.line().substring(0, c.line().indexOf(' '))).distinct().toList()) {
            assertThat(json.at("/counts/" + name).asLong()).as(name).isEqualTo(count(name));
        }
        assertThat(json.get("node").asText()).isEqualTo("cli-node");
        assertThat(json.get("damage")).isEmpty();
    }

    /** count --replay counted nothing: it has no handler per tracepoint, and the archive delivered only to handlers. */
    @Test
    void countReplayCountsTheArchive() throws Exception {
        Cli.Result r = Cli.run("count", "--replay", archive.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode summary = JSON.readTree(r.stdout());
        assertThat(summary.get("received").asLong()).isEqualTo(cases.size());
        assertThat(summary.get("lost").asLong()).isZero();
        for (String name : cases.stream().map(c -> c.line().substring(0, c.line().indexOf(' '))).distinct().toList()) {
            assertThat(summary.at("/tracepoints/" + name + "/received").asLong()).as(name).isEqualTo(count(name));
        }
        Cli.Result mempool = Cli.run("count", "--replay", archive.toString(), "--format", "json", "--events", "mempool:*");
        assertThat(JSON.readTree(mempool.stdout()).get("received").asLong())
                .isEqualTo(cases.stream().filter(c -> c.line().startsWith("mempool:")).count());
    }

    /** A replay's attach and detach are history: say what is replayed, not "attached to" a process long gone. */
    @Test
    void toolsSayWhatTheyReplay() throws Exception {
        Cli.Result r = Cli.run("count", "--replay", archive.toString());
        assertThat(r.stderrLines()).containsExactly(
                "nodescope: replaying " + archive + ", recorded from " + Fixture.binary().toRealPath() + " (pid " + fixturePid
                        + "), 20 tracepoints, Bitcoin Core v29 or later (all 20 tracepoints)",
                "nodescope: replaying " + archive + ": the recording's tracing stopped: process exited");
        assertThat(r.stdout()).contains("total: " + cases.size() + " events received, 0 lost");
    }

    private long count(String name) {
        return cases.stream().filter(c -> c.line().startsWith(name + " ")).count();
    }

    @Test
    void csvExportHasOneTablePerEventType() throws Exception {
        Cli.Result r = Cli.run("archive", "export", archive.toString(), "--format", "csv", "--events", "validation:block_connected");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> rows = List.of(r.stdout().split("\r\n"));
        assertThat(rows.getFirst()).isEqualTo("event,node,pid,thread,time,mono_ns,seq,hash,height,transactions,inputs,sigops,duration_ns");
        assertThat(rows).hasSize(2);
        JsonNode expected = JSON.readTree(cases.stream().filter(c -> c.line().startsWith("validation:block_connected")).findFirst()
                .orElseThrow().expectedJson());
        assertThat(rows.get(1)).startsWith("validation:block_connected,cli-node," + fixturePid + ",")
                .endsWith("," + expected.get("hash").asText() + "," + expected.get("height").asText() + ","
                        + expected.get("transactions").asText() + "," + expected.get("inputs").asText() + ","
                        + expected.get("sigops").asText() + "," + expected.get("duration_ns").asText());
        Path tables = dir.resolve("tables");
        assertThat(Cli.run("archive", "export", archive.toString(), "--format", "csv", "--out", tables.toString()).exitCode()).isZero();
        try (Stream<Path> files = Files.list(tables)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).contains("net_inbound_message.csv",
                    "mempool_rejected.csv", "nodescope_attached.csv", "nodescope_detached.csv")
                    .hasSize((int) cases.stream().map(c -> c.line().substring(0, c.line().indexOf(' '))).distinct().count() + 2);
        }
        assertThat(Files.readAllLines(tables.resolve("mempool_rejected.csv"))).hasSize(1 + (int) count("mempool:rejected"));
    }

    @Test
    void redactedRecordingsKeepPeersApartButNotTheirAddresses() throws Exception {
        Path redacted = dir.resolve("redacted");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process record = Cli.start("record", "--pid", Long.toString(fx.pid()), "--out", redacted.toString(), "--redact-ips",
                    "--events", "net:*");
            fx.send("wait-attached net:inbound_connection 20000", "sleep 50",
                    "net:inbound_connection 7 203.0.113.9:50412 inbound ipv4 1",
                    "net:inbound_message 7 203.0.113.9:50412 inbound ping 8 hex:0102030405060708",
                    "net:inbound_connection 8 203.0.113.10:50413 inbound ipv4 2");
            fx.finish();
            assertThat(Cli.finish(record, 30).exitCode()).isZero();
        }
        Cli.Result r = Cli.run("replay", redacted.toString(), "--format", "json");
        assertThat(r.stdout()).doesNotContain("203.0.113");
        List<String> addrs = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            JsonNode n = JSON.readTree(line);
            if (n.has("addr")) {
                addrs.add(n.get("addr").asText());
            }
        }
        assertThat(addrs).hasSize(3);
        assertThat(addrs.get(0)).matches("peer-[0-9a-f]{12}\\.redacted:50412").isEqualTo(addrs.get(1));
        assertThat(addrs.get(2)).matches("peer-[0-9a-f]{12}\\.redacted:50413").isNotEqualTo(addrs.get(0).replace("50412", "50413"));
        assertThat(Cli.run("archive", "info", redacted.toString()).stdoutLines()).contains("Payloads:     none; peer addresses redacted");
    }

    @Test
    void killMinus9WhileRecordingUnderLoadLosesAtMostTheLastSecond() throws Exception {
        Path killed = dir.resolve("killed");
        Process load = new ProcessBuilder(Fixture.binary().toString(), "load", "mempool:added", "600000", "1", "--rate", "100000",
                "--wait-attached").redirectErrorStream(true).start();
        Process record = Cli.start("record", "--pid", Long.toString(load.pid()), "--out", killed.toString(), "--events", "mempool:added");
        BufferedReader err = new BufferedReader(new InputStreamReader(record.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null && !line.startsWith("nodescope: attached")) {
            // wait for the attachment
        }
        Thread.sleep(2_500);
        record.destroyForcibly(); // SIGKILL: no shutdown hook, no last block, no close
        long killedAtNanos = Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano();
        assertThat(record.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(record.exitValue()).isEqualTo(137);
        load.destroyForcibly();

        Cli.Result r = Cli.run("replay", killed.toString(), "--format", "json");
        assertThat(r.exitCode()).isZero();
        // a block cut by the kill, if any, is reported and skipped: never a crash
        assertThat(r.stderrLines()).allMatch(l -> l.contains("cut while being written?"));
        List<String> out = r.stdoutLines();
        assertThat(out.getFirst()).contains("\"event\":\"nodescope:attached\"");
        assertThat(out.size()).isGreaterThan(100_000);
        // every event up to the last one written reads back: no gap in the sequence
        long seq = JSON.readTree(out.getFirst()).get("seq").asLong();
        for (String l : out.subList(1, out.size())) {
            assertThat(JSON.readTree(l).get("seq").asLong()).isEqualTo(++seq);
        }
        Instant last = Instant.parse(JSON.readTree(out.getLast()).get("time").asText());
        long lastNanos = last.getEpochSecond() * 1_000_000_000L + last.getNano();
        assertThat(killedAtNanos - lastNanos).as("time lost before the kill (ns)").isLessThan(1_200_000_000L);
    }
}
