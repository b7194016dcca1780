package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.archive.ArchiveException;
import dev.nodescope.error.ExitCode;
import dev.nodescope.error.UserException;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.extract.TargetException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line makes of what escapes a command: a user mistake is one line and exit 2,
 * the machine failing underneath one line and exit 1, anything else a bug with its stack trace,
 * a line asking to report it, and exit 70. A reader of standard output going away is no error.
 */
class ErrorReportTest {
    private record Report(int exit, List<String> lines) {
    }

    private static Report report(Throwable t) {
        StringWriter text = new StringWriter();
        int exit = Main.report(t, new PrintWriter(text));
        return new Report(exit, text.toString().isEmpty() ? List.of() : List.of(text.toString().split("\n")));
    }

    @Test
    void userMistakesAreOneLineAndExit2() {
        for (Throwable t : List.of(new UserException("--rotate must be more than 0"), new TargetException("--rotate must be more than 0"),
                new ArchiveException("--rotate must be more than 0"))) {
            Report r = report(t);
            assertThat(r.exit()).isEqualTo(ExitCode.USER).isEqualTo(2);
            assertThat(r.lines()).containsExactly("nodescope: --rotate must be more than 0");
        }
    }

    @Test
    void theMachineFailingIsOneLineAndExit1() {
        Report r = report(new UncheckedIOException(new IOException("No space left on device")));
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED).isEqualTo(1);
        assertThat(r.lines()).hasSize(1).first().asString().startsWith("nodescope: ").contains("No space left on device");
    }

    @Test
    void anythingElseIsABugWithItsStackTraceAndExit70() {
        // an IllegalArgumentException is no longer taken for a user mistake: it is a bug like any other
        for (Throwable t : List.of(new IllegalArgumentException("index -1"), new NullPointerException(), new StackOverflowError())) {
            Report r = report(t);
            assertThat(r.exit()).isEqualTo(ExitCode.BUG).isEqualTo(70);
            assertThat(r.lines().getFirst()).startsWith("nodescope: internal error (a bug in nodescope ");
            assertThat(r.lines()).anyMatch(l -> l.startsWith(t.getClass().getName()));
            assertThat(r.lines()).anyMatch(l -> l.startsWith("\tat dev.nodescope.cli.ErrorReportTest"));
            assertThat(r.lines().getLast()).isEqualTo("nodescope: please report this bug with the lines above and the command that led to it.");
        }
    }

    private static Path archive(Path dir, int events) throws Exception {
        Path out = dir.resolve("rec");
        try (Recorder recorder = Recorder.builder().directory(out)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "n", "pid 1", List.of(), "none", false, "", "", 1)).build()) {
            for (int i = 0; i < events; i++) {
                recorder.accept(new MempoolAdded(new EventMeta("n", 1, 1, "t", 1_000L * i, 1_764_400_000_000_000_000L + 1_000L * i, i),
                        "%064x".formatted(i), 100 + i, 1000));
            }
        }
        return out;
    }

    @Test
    void aReaderThatGoesAwayEndsTheRunQuietly(@TempDir Path dir) throws Exception {
        Path rec = archive(dir, 50_000); // far more than a pipe holds
        Process replay = Cli.start("replay", rec.toString(), "--format", "json");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(replay.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).contains("\"event\":\"mempool:added\"");
        } // like head -1: our end of the pipe closes
        Cli.Result r = Cli.finish(replay, 60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void aFullDiskIsNotTakenForAClosedPipe(@TempDir Path dir) throws Exception {
        Path rec = archive(dir, 50_000);
        Process replay = new ProcessBuilder(Cli.command("replay", rec.toString(), "--format", "json"))
                .redirectOutput(new File("/dev/full")).start();
        Cli.Result r = Cli.finish(replay, 60);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderrLines()).hasSize(1).first().asString().startsWith("nodescope: ").contains("No space left on device");
    }
}
