package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.metrics.Scrape;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * record, log and metrics rehearse on synthetic records before attaching (tool/Rehearsal, issue
 * 18): what they output afterwards is the node's events alone, exactly; the rehearsal leaves
 * nothing in the temporary directory; and a stop during it ends the run at once, leaving nothing.
 */
@ExtendWith(BpfAvailable.class)
class RehearsalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Scenario.Case> cases = Scenario.allTracepoints();

    @TempDir
    Path tmp;

    /** nodescope with its own temporary directory, to see what a rehearsal leaves there. */
    private Process start(Path tempDir, String... args) throws Exception {
        Files.createDirectories(tempDir);
        List<String> command = new ArrayList<>(Cli.command(args));
        command.add(1, "-Djava.io.tmpdir=" + tempDir);
        return new ProcessBuilder(command).start();
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> rehearsals(Path dir) throws Exception {
        return listing(dir).stream().filter(name -> name.startsWith("nodescope-rehearsal")).toList();
    }

    /** The scenario's events per tracepoint name. */
    private Map<String, Integer> expectedCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Scenario.Case c : cases) {
            counts.merge(c.line().substring(0, c.line().indexOf(' ')), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void recordHoldsTheNodesEventsAloneAndTheRehearsalLeavesNothing() throws Exception {
        Path temp = tmp.resolve("temp");
        Path out = tmp.resolve("rec");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process record = start(temp, "record", "--pid", Long.toString(fx.pid()), "--out", out.toString(), "--node", "n1");
            fx.send("wait-attached all 20000", "sleep 50");
            fx.send(Scenario.lines(cases));
            assertThat(fx.finish()).isEqualTo("done fired=" + cases.size() + " skipped=0 errors=0");
            Cli.Result r = Cli.finish(record, 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines().getLast()).startsWith("nodescope: recorded " + (cases.size() + 2) + " events in 1 file, ");
        }
        assertThat(listing(temp)).isEmpty();
        Cli.Result replay = Cli.run("replay", out.toString(), "--format", "json");
        List<JsonNode> events = new ArrayList<>();
        for (String line : replay.stdoutLines()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).hasSize(cases.size() + 2);
        assertThat(events.getFirst().get("event").asText()).isEqualTo("nodescope:attached");
        assertThat(events.getFirst().get("binary").asText()).isEqualTo(Fixture.binary().toRealPath().toString());
        // the live decoder's sequence: the rehearsal's own decoder numbered its events apart
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("seq").asLong()).isEqualTo(i);
            assertThat(events.get(i).get("node").asText()).isEqualTo("n1");
        }
    }

    @Test
    void logPrintsTheNodesEventsAlone() throws Exception {
        Path temp = tmp.resolve("temp");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = start(temp, "log", "--pid", Long.toString(fx.pid()), "--format", "json");
            fx.send("wait-attached all 20000", "sleep 50");
            fx.send(Scenario.lines(cases));
            assertThat(fx.finish()).isEqualTo("done fired=" + cases.size() + " skipped=0 errors=0");
            Cli.Result r = Cli.finish(log, 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            List<String> names = new ArrayList<>();
            for (String line : r.stdoutLines()) {
                names.add(JSON.readTree(line).get("event").asText());
            }
            List<String> expected = new ArrayList<>();
            expected.add("nodescope:attached");
            cases.forEach(c -> expected.add(c.line().substring(0, c.line().indexOf(' '))));
            expected.add("nodescope:detached");
            assertThat(names).containsExactlyElementsOf(expected);
        }
        assertThat(listing(temp)).isEmpty();
    }

    @Test
    void metricsCountTheNodesEventsAlone() throws Exception {
        Path temp = tmp.resolve("temp");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process metrics = start(temp, "metrics", "--pid", Long.toString(fx.pid()), "--listen", "127.0.0.1:0", "--node", "n1");
            BufferedReader err = new BufferedReader(new InputStreamReader(metrics.getErrorStream(), StandardCharsets.UTF_8));
            fx.send("wait-attached all 20000", "sleep 50");
            fx.send(Scenario.lines(cases));
            fx.send("sleep 100000");
            URI uri = null;
            for (String line; uri == null && (line = err.readLine()) != null; ) {
                if (line.startsWith("nodescope: serving metrics at ")) {
                    uri = URI.create(line.substring("nodescope: serving metrics at ".length()));
                }
            }
            assertThat(uri).as("the serving line").isNotNull();
            Map<String, Integer> expected = expectedCounts();
            int total = cases.size();
            Scrape s = Scrape.of(uri);
            // the extractor's counts are published once a second, after the events they count were delivered
            for (int tries = 0; tries < 200 && s.sum("nodescope_extractor_events_received_total") < total; tries++) {
                Thread.sleep(50);
                s = Scrape.of(uri);
            }
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                assertThat(s.get("nodescope_events_total", "node=n1", "tracepoint=" + e.getKey())).as(e.getKey())
                        .isEqualTo(e.getValue().doubleValue());
                assertThat(s.get("nodescope_extractor_events_received_total", "tracepoint=" + e.getKey())).as(e.getKey())
                        .isEqualTo(e.getValue().doubleValue());
            }
            assertThat(s.get("nodescope_events_total", "node=n1", "tracepoint=nodescope:attached")).isEqualTo(1.0);
            metrics.destroy();
            assertThat(metrics.waitFor(30, TimeUnit.SECONDS)).isTrue();
            fx.process().destroy();
        }
        assertThat(listing(temp)).isEmpty();
    }

    @Test
    void theDurationIsTheTracingsNotTheRehearsals() throws Exception {
        Path out = tmp.resolve("rec");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process record = start(tmp.resolve("temp"), "record", "--pid", Long.toString(fx.pid()), "--out", out.toString(),
                    "--duration", "2s");
            fx.send("wait-attached all 20000");
            fx.send(Scenario.lines(cases));
            // the fixture keeps running: the duration alone ends the recording, with everything fired after the attach
            Cli.Result r = Cli.finish(record, 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines().getLast()).startsWith("nodescope: recorded " + (cases.size() + 1) + " events in 1 file, ");
            assertThat(fx.finish()).isEqualTo("done fired=" + cases.size() + " skipped=0 errors=0");
        }
    }

    @Test
    void aStopDuringTheRehearsalEndsTheRunAndLeavesNothing() throws Exception {
        Path temp = tmp.resolve("temp");
        Path out = tmp.resolve("rec");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process record = start(temp, "record", "--pid", Long.toString(fx.pid()), "--out", out.toString());
            // the understudy's directory appears when the rehearsal starts (beside zstd-jni's library, unpacked there too)
            for (int tries = 0; tries < 600 && rehearsals(temp).isEmpty(); tries++) {
                Thread.sleep(20);
            }
            assertThat(rehearsals(temp)).hasSize(1);
            record.destroy(); // SIGTERM
            Cli.Result r = Cli.finish(record, 30);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(143);
            assertThat(r.stderr()).doesNotContain("attached to").doesNotContain("recorded");
            fx.process().destroy();
        }
        assertThat(listing(temp)).isEmpty();
        assertThat(out).doesNotExist();
    }
}
