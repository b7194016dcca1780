package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traced node's exact release, asked from the binary ({@code -version}), in the attached
 * event, the status line and the archive header; and block_connected's duration in ns whatever
 * the release reports (µs on v23/v24, bitcoin/bitcoin#29877). The v24 stand-in answers
 * {@code -version} as v24.0.1; the others cannot say, so their tracepoints bound the release.
 */
@ExtendWith(BpfAvailable.class)
class NodeVersionLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";

    /** Runs log --format json on {@code binary} playing one block_connected of 123456 (the node's unit). */
    private static List<JsonNode> logOneBlock(Path binary) throws Exception {
        try (Fixture fx = Fixture.play(binary)) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--events", "validation:*");
            BufferedReader out = new BufferedReader(new InputStreamReader(log.getInputStream(), StandardCharsets.UTF_8));
            List<JsonNode> lines = new ArrayList<>();
            lines.add(JSON.readTree(out.readLine())); // attached: the probes are in (v28 and older have no semaphores to wait on)
            fx.send("validation:block_connected " + HASH + " 760000 3012 7001 12345 123456");
            fx.finish();
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(JSON.readTree(line));
            }
            assertThat(log.waitFor()).isZero();
            return lines;
        }
    }

    @Test
    void aV24NodesMicrosecondsBecomeNanoseconds() throws Exception {
        List<JsonNode> lines = logOneBlock(Fixture.binaryV24());
        assertThat(lines.get(1).get("event").asText()).isEqualTo("validation:block_connected");
        assertThat(lines.get(1).get("duration_ns").asLong()).as("123456 µs").isEqualTo(123_456_000L);
        assertThat(lines.get(0).get("event").asText()).isEqualTo("nodescope:attached");
        assertThat(lines.get(0).path("bitcoind_version").asText()).isEqualTo("v24.0.1");
    }

    @Test
    void laterNodesNanosecondsStayAndTheTracepointsBoundTheRelease() throws Exception {
        List<JsonNode> lines = logOneBlock(Fixture.binaryV28());
        assertThat(lines.get(0).path("bitcoind_version").asText()).isEqualTo("v25-v28 (no connection tracepoints)");
        assertThat(lines.get(1).get("duration_ns").asLong()).isEqualTo(123_456L);
    }

    @Test
    void theVersionIsShownAndRecorded(@TempDir Path dir) throws Exception {
        Path rec = dir.resolve("rec");
        long pid;
        try (Fixture fx = Fixture.play(Fixture.binaryV24())) {
            pid = fx.pid();
            Process record = Cli.start("record", "--pid", Long.toString(fx.pid()), "--out", rec.toString(), "--events", "validation:*");
            BufferedReader err = new BufferedReader(new InputStreamReader(record.getErrorStream(), StandardCharsets.UTF_8));
            String attached = err.readLine();
            assertThat(attached).isEqualTo("nodescope: attached to " + Fixture.binaryV24().toRealPath() + " (pid " + fx.pid()
                    + "), 1 tracepoints, Bitcoin Core v24.0.1");
            fx.send("validation:block_connected " + HASH + " 760000 3012 7001 12345 123456");
            fx.finish();
            Thread.ofPlatform().daemon(true).start(() -> err.lines().forEach(l -> { }));
            assertThat(record.waitFor()).isZero();
        }
        Cli.Result info = Cli.run("archive", "info", rec.toString());
        assertThat(info.stdoutLines()).contains("Binary:       " + Fixture.binaryV24().toRealPath() + " (v24.0.1)");
        assertThat(info.stdoutLines()).anyMatch(l -> l.startsWith("Attached:     ") && l.endsWith(" pid " + pid + ", 1 tracepoints, Bitcoin Core v24.0.1"));
        Cli.Result csv = Cli.run("archive", "export", rec.toString(), "--format", "csv", "--events", "validation:block_connected");
        assertThat(csv.stdout().split("\r\n")[1]).endsWith("," + HASH + ",760000,3012,7001,12345,123456000");
    }
}
