package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a tool cannot attach, the error is all it prints: no empty count table, no "serving
 * metrics at", and nothing left on disk. These fail before any BPF is loaded, so they need none.
 */
class AttachFailureTest {
    private static final String NO_SUCH_PID = "nodescope: no process with pid 999999999 is running (check the pid, e.g. with pidof bitcoind)";

    @Test
    void countPrintsTheErrorAlone() throws Exception {
        for (String format : new String[] {"text", "json"}) {
            Cli.Result r = Cli.run("count", "--pid", "999999999", "--format", format);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stdout()).as(format).isEmpty();
            assertThat(r.stderrLines()).containsExactly(NO_SUCH_PID);
        }
    }

    @Test
    void metricsPrintsTheErrorAlone() throws Exception {
        Cli.Result r = Cli.run("metrics", "--pid", "999999999", "--listen", "127.0.0.1:0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderrLines()).containsExactly(NO_SUCH_PID);
    }

    @Test
    void recordToAProcessWithoutTracepointsLeavesNoDirectory(@TempDir Path dir) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path out = dir.resolve("rec");
            Cli.Result r = Cli.run("record", "--pid", Long.toString(sleeper.pid()), "--out", out.toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderrLines()).hasSize(1).first().asString().startsWith("nodescope: ")
                    .contains("has no Bitcoin Core tracepoints");
            assertThat(out).as("no empty output directory left behind").doesNotExist();
            // a directory that was there before stays, with what it held
            Path existing = Files.createDirectory(dir.resolve("existing"));
            Files.writeString(existing.resolve("notes.txt"), "mine\n");
            assertThat(Cli.run("record", "--pid", Long.toString(sleeper.pid()), "--out", existing.toString()).exitCode()).isEqualTo(2);
            assertThat(existing.resolve("notes.txt")).hasContent("mine");
            try (var files = Files.list(existing)) {
                assertThat(files).hasSize(1);
            }
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
