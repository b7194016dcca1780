package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.MempoolAdded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive commands: every user mistake is one line and a non-zero exit; damage is reported, not fatal. */
class ArchiveBadInputTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Result r, int exit, String expected) {
        assertThat(r.exitCode()).isEqualTo(exit);
        assertThat(r.stderrLines()).containsExactly(expected);
    }

    private Path archive(int events) throws Exception {
        Path out = dir.resolve("rec");
        try (Recorder recorder = Recorder.builder().directory(out).blockBytes(512)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "n", "pid 1", List.of(), "none", false, "", "", 1)).build()) {
            for (int i = 0; i < events; i++) {
                recorder.accept(new MempoolAdded(new EventMeta("n", 1, 1, "t", 1_000L * i, 1_764_400_000_000_000_000L + 1_000L * i, i),
                        "%064x".formatted(i), 100 + i, 1000));
            }
        }
        return out;
    }

    @Test
    void missingNotAnArchiveAndEmptyDirectory() throws Exception {
        assertOneLineError(Cli.run("replay", dir.resolve("nope.nsa").toString()), 2,
                "nodescope: " + dir.resolve("nope.nsa") + ": no such file or directory");
        Path text = Files.writeString(dir.resolve("x.nsa"), "{\"event\":\"not an archive\"}");
        assertOneLineError(Cli.run("archive", "info", text.toString()), 2,
                "nodescope: " + text + ": not a nodescope archive (it starts with '{\"event\":\"not an', archives start with '.NSA....')");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertOneLineError(Cli.run("log", "--replay", empty.toString()), 2,
                "nodescope: " + empty + ": no archive files (*.nsa) in this directory");
    }

    @Test
    void badFlags() throws Exception {
        Path rec = archive(3);
        assertOneLineError(Cli.run("replay", rec.toString(), "--speed", "fast"), 2,
                "nodescope: --speed: 'fast' is not a speed like max, 1x, 10x or 0.5x (see nodescope replay --help)");
        assertOneLineError(Cli.run("replay", rec.toString(), "--from", "yesterday"), 2,
                "nodescope: --from: 'yesterday' is neither a UTC time like 2026-11-29T12:00:00Z"
                        + " nor a duration after the start like 90s or 5m (see nodescope replay --help)");
        assertOneLineError(Cli.run("log", "--replay", rec.toString(), "--pid", "1"), 2,
                "nodescope: --replay reads archives: leave out --pid, --binary, --follow, --ring-size and --poll-interval");
        assertOneLineError(Cli.run("log", "--pid", "1", "--speed", "2x"), 2, "nodescope: --speed, --from and --to apply to --replay only");
        assertOneLineError(Cli.run("archive", "export", rec.toString(), "--format", "csv"), 2,
                "nodescope: csv to standard output holds one event type: choose one with --events"
                        + " (e.g. --events validation:block_connected), or give --out DIR for a file per type");
        Path file = Files.writeString(dir.resolve("file"), "");
        assertOneLineError(Cli.run("record", "--pid", "1", "--out", file.toString()), 2,
                "nodescope: --out " + file + " is a file; give a directory (archives are .nsa files in it)");
        assertOneLineError(Cli.run("record", "--pid", "1", "--out", dir.resolve("r").toString(), "--rotate", "often"), 2,
                "nodescope: --rotate: 'often' is neither a size (1GiB, 512MiB) nor a time (1h, 30m)");
    }

    @Test
    void recordingAPidThatIsNotThereLeavesNoArchive() throws Exception {
        Path out = dir.resolve("never");
        assertOneLineError(Cli.run("record", "--pid", "999999999", "--out", out.toString()), 2,
                "nodescope: no process with pid 999999999 is running (check the pid, e.g. with pidof bitcoind)");
        assertThat(out).as("not even the directory record would have created").doesNotExist();
    }

    @Test
    void damagedArchiveIsReadWithTheDamageReported() throws Exception {
        Path rec = archive(200);
        Path file;
        try (var files = Files.list(rec)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        Cli.Result r = Cli.run("replay", rec.toString(), "--format", "json");
        assertThat(r.exitCode()).isZero();
        int read = r.stdoutLines().size();
        assertThat(r.stderrLines()).hasSize(2);
        assertThat(r.stderrLines().getFirst()).matches("nodescope: " + java.util.regex.Pattern.quote(file.toString())
                + ": damaged bytes \\d+\\.\\.\\d+: expected a block body matching its checksum; " + (200 - read)
                + " events lost; continuing with the next good block");
        // the totals at the end count them, as a live run counts its losses
        assertThat(r.stderrLines().getLast()).isEqualTo("nodescope: " + (200 - read) + " records lost at decode");
        assertThat(read).isBetween(150, 199);
        Cli.Result info = Cli.run("archive", "info", rec.toString());
        assertThat(info.exitCode()).isZero();
        assertThat(info.stdoutLines()).anyMatch(l -> l.startsWith("Damage:       1 damaged range, " + (200 - read) + " events lost"));
        // cut in the middle of the last block: the cut is reported, the rest reads
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), bytes.length - 10));
        Cli.Result cut = Cli.run("replay", rec.toString());
        assertThat(cut.exitCode()).isZero();
        assertThat(cut.stderrLines()).hasSize(3).element(1).asString().contains("(cut while being written?)");
    }
}
