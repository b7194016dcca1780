package dev.nodescope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes with bench get one line saying what is wrong and a non-zero exit, never a stack trace. */
class BenchBadInputTest {

    private static void assertOneLineError(Cli.Result r, String expected) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).as(r.stderr()).containsExactly(expected);
        assertThat(r.stdout()).isEmpty();
    }

    private static Path good(Path dir, String name) throws Exception {
        return Files.writeString(dir.resolve(name), "# label: " + name + "\n" + DatasetFormat.CSV_HEADER + "\nblock,1,"
                + BenchScenario.hash(1) + ",1,1,0,1000,,,,,\n");
    }

    @Test
    void missingFile(@TempDir Path dir) throws Exception {
        Path a = good(dir, "a.csv");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), dir.resolve("nope.csv").toString()),
                "nodescope: " + dir.resolve("nope.csv") + ": no such file");
    }

    @Test
    void malformedDatasets(@TempDir Path dir) throws Exception {
        Path a = good(dir, "a.csv");
        Path noHeader = Files.writeString(dir.resolve("b.csv"), "height,ms\n1,2\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), noHeader.toString()), "nodescope: " + noHeader
                + ":1: not a nodescope bench dataset (expected the header " + DatasetFormat.CSV_HEADER + ")");
        Path badNumber = Files.writeString(dir.resolve("c.csv"), DatasetFormat.CSV_HEADER + "\nblock,1," + BenchScenario.hash(1)
                + ",1,1,0,fast,,,,,\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), badNumber.toString()),
                "nodescope: " + badNumber + ":2: duration_ns must be an integer, found 'fast'");
        Path shortRow = Files.writeString(dir.resolve("d.csv"), DatasetFormat.CSV_HEADER + "\nblock,1,2\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), shortRow.toString()),
                "nodescope: " + shortRow + ":2: expected 12 comma-separated fields, found 3");
        Path badJson = Files.writeString(dir.resolve("e.jsonl"), "{\"kind\":\"run\"}\n{\"kind\":\"block\",\"height\":\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), badJson.toString()),
                "nodescope: " + badJson + ":2: not valid JSON (Unexpected end-of-input within/between Object entries)");
        Path empty = Files.writeString(dir.resolve("f.csv"), DatasetFormat.CSV_HEADER + "\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), empty.toString()), "nodescope: " + empty + ": has no blocks");
        Path other = Files.writeString(dir.resolve("g.csv"), DatasetFormat.CSV_HEADER + "\nblock,2," + BenchScenario.hash(2)
                + ",1,1,0,1000,,,,,\n");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), other.toString()), "nodescope: " + other + " and " + a
                + " have no block in common (same height and hash): nothing to compare");
        Path txt = Files.writeString(dir.resolve("h.txt"), "x");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), txt.toString()),
                "nodescope: " + txt + ": the file name must end in .csv or .jsonl (that chooses the format)");
    }

    @Test
    void badFlags(@TempDir Path dir) throws Exception {
        Path a = good(dir, "a.csv");
        Path b = good(dir, "b.csv");
        assertOneLineError(Cli.run("bench", "compare", a.toString()),
                "nodescope: give at least two runs: the baseline first, then the runs to compare with it");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), b.toString(), "--range", "0"), "nodescope: --range must be positive");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), b.toString(), "--min-effect", "lots"),
                "nodescope: --min-effect: 'lots' is not a percentage like 1% or 0.5% (see nodescope bench compare --help)");
        assertOneLineError(Cli.run("bench", "compare", a.toString(), b.toString(), "--report", dir.resolve("x/r.html").toString()),
                "nodescope: " + dir.resolve("x/r.html") + ": cannot write (no such directory)");
        assertOneLineError(Cli.run("bench", "record", "--pid", "1", "--out", "run.txt"),
                "nodescope: run.txt: the file name must end in .csv or .jsonl (that chooses the format)");
        assertOneLineError(Cli.run("bench", "record", "--pid", "1", "--out", dir.resolve("r.csv").toString(), "--from-height", "10",
                "--to-height", "5"), "nodescope: --from-height 10 is above --to-height 5");
        assertOneLineError(Cli.run("bench", "record", "--pid", "1"),
                "nodescope: missing --out RUN.csv|RUN.jsonl (see nodescope bench record --help)");
        assertOneLineError(Cli.run("bench", "overhead", "--hits", "0"), "nodescope: --hits and --repeats must be positive");
        assertThat(Files.exists(dir.resolve("r.csv"))).isFalse();
    }

    @Test
    void unknownPid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run.csv");
        assertOneLineError(Cli.run("bench", "record", "--pid", "999999999", "--out", out.toString()),
                "nodescope: no process with pid 999999999 is running (check the pid, e.g. with pidof bitcoind)");
        assertThat(Files.exists(out)).as("no empty dataset left behind").isFalse();
    }
}
