package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real BPF through the command line: {@code record --watch} keeps the live run's alerts with the
 * events, and {@code watch --replay} of that recording raises the very same alerts (same states,
 * subjects, summaries, evidence, times), at full speed and at the recorded pace; {@code log --watch}
 * shows them among the events.
 */
@ExtendWith(BpfAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A burst of 2 misbehaviours within 3 s fires at once, and resolves 2 s after the window emptied. */
    static final String RULES = """
            detectors:
              misbehaving:
                window: 3s
                node_burst: 2
                clear: 2s
            """;

    private Path rules;
    private Path archive;

    @BeforeAll
    void recordAnAttackWithTheWatchdog(@TempDir Path tmp) throws Exception {
        rules = Files.writeString(tmp.resolve("rules.yaml"), RULES);
        archive = tmp.resolve("rec");
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process record = Cli.start("record", "--pid", Long.toString(fx.pid()), "--out", archive.toString(), "--node", "w",
                    "--watch", "--rules", rules.toString());
            fx.send("wait-attached net:misbehaving_connection 20000", "sleep 100");
            fx.send("thread b-net", "net:inbound_connection 7 203.0.113.7:50001 inbound ipv4 1",
                    "net:inbound_connection 8 203.0.113.8:50002 inbound ipv4 2", "thread b-msghand",
                    "net:misbehaving_connection 7 \"mutated block\"", "sleep 700",
                    "net:misbehaving_connection 8 \"invalid header received\"", "sleep 300",
                    "net:misbehaving_connection 7 \"mutated block\"",
                    // the window empties, the clear time runs out: a live run resolves it on its idle ticks
                    "sleep 7000", "thread b-net", "net:closed_connection 8 203.0.113.8:50002 inbound ipv4 1700000000");
            assertThat(fx.finish()).isEqualTo("done fired=6 skipped=0 errors=0");
            Cli.Result r = Cli.finish(record, 30);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
    }

    private static List<JsonNode> alerts(String stdout) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.contains("\"nodescope:alert\"")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void theRecordingHoldsTheLiveAlertsAndAReplayRaisesTheSame() throws Exception {
        Cli.Result recorded = Cli.run("replay", archive.toString(), "--format", "json");
        assertThat(recorded.exitCode()).as(recorded.stderr()).isZero();
        List<JsonNode> live = alerts(recorded.stdout());
        assertThat(live).extracting(a -> a.get("state").asText() + " " + a.get("subject").asText() + " " + a.get("evidence"))
                .containsExactly("firing node {\"misbehaviours\":2,\"threshold\":2}",
                        "resolved node {\"misbehaviours\":3,\"threshold\":2}");
        JsonNode firing = live.get(0);
        assertThat(firing.get("summary").asText())
                .isEqualTo("2 misbehaviours within 3s (threshold 2), the last by peer 8 (203.0.113.8:50002, inbound): invalid header received");
        assertThat(firing.get("thread").asText()).isEqualTo("nodescope");
        assertThat(firing.get("node").asText()).isEqualTo("w");

        for (String speed : List.of("max", "1x")) {
            Cli.Result replayed = Cli.run("watch", "--replay", archive.toString(), "--speed", speed, "--rules", rules.toString(),
                    "--format", "json");
            assertThat(replayed.exitCode()).as(replayed.stderr()).isZero();
            assertThat(alerts(replayed.stdout())).as("watch --replay --speed " + speed).containsExactlyElementsOf(live);
            assertThat(replayed.stderrLines()).contains("nodescope: watched 8 events: 1 alert fired (misbehaving 1)");
        }
    }

    @Test
    void logWatchShowsTheAlertsRightAfterTheEventsThatRaisedThem() throws Exception {
        Cli.Result r = Cli.run("log", "--replay", archive.toString(), "--watch", "--rules", rules.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> names = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            JsonNode n = JSON.readTree(line);
            names.add(n.get("event").asText() + (n.has("state") ? " " + n.get("state").asText() : ""));
        }
        // the recorded alerts come back from the archive, and the watchdog of log --watch raises its own right after
        assertThat(names).containsSubsequence("net:misbehaving_connection", "nodescope:alert firing", "nodescope:alert firing");
    }
}
