package dev.nodescope.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nodescope.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench compare} finds a known slowdown where it is, with the right sign, and nothing where there is none. */
class BenchCompareTest {
    private static final Comparison.Settings SETTINGS = new Comparison.Settings(10_000, 2000, 1, 0.95, 0.01);

    @Test
    void findsATenPercentSlowdownInOneRangeAndOnlyThere(@TempDir Path dir) {
        Dataset base = DatasetReader.read(SyntheticRuns.write(dir.resolve("base.csv"), "base", 1, 0, 0, 1));
        Dataset slow = DatasetReader.read(SyntheticRuns.write(dir.resolve("slow.jsonl"), "slow", 2, 20_000, 30_000, 1.10));
        Comparison c = Comparison.of(base, slow, SETTINGS);
        assertThat(c.commonBlocks()).isEqualTo(50_000);
        assertThat(c.hashMismatches()).isEmpty();
        assertThat(c.ranges()).extracting(Comparison.Range::from).containsExactly(0, 10_000, 20_000, 30_000, 40_000);
        assertThat(c.ranges()).extracting(Comparison.Range::verdict).containsExactly(Verdict.NO_DIFFERENCE, Verdict.NO_DIFFERENCE,
                Verdict.SLOWER, Verdict.NO_DIFFERENCE, Verdict.NO_DIFFERENCE);
        assertThat(c.ranges().get(2).speedup().estimate()).isCloseTo(1 / 1.10, within(0.01));
        assertThat(c.ranges().get(2).speedup().high()).isLessThan(1);
        // one range in five 10% slower: about 2% overall, clearly measurable over 50,000 blocks
        assertThat(c.overall().verdict()).isEqualTo(Verdict.SLOWER);
        assertThat(c.overall().speedup().estimate()).isCloseTo(1 / 1.02, within(0.01));
        // the reverse comparison finds the same range faster
        Comparison reverse = Comparison.of(slow, base, SETTINGS);
        assertThat(reverse.ranges()).extracting(Comparison.Range::verdict).containsExactly(Verdict.NO_DIFFERENCE, Verdict.NO_DIFFERENCE,
                Verdict.FASTER, Verdict.NO_DIFFERENCE, Verdict.NO_DIFFERENCE);
    }

    @Test
    void identicalRunsAndSameDistributionNoiseShowNoDifference(@TempDir Path dir) {
        Dataset a = DatasetReader.read(SyntheticRuns.write(dir.resolve("a.csv"), "a", 1, 0, 0, 1));
        Dataset same = DatasetReader.read(SyntheticRuns.write(dir.resolve("same.csv"), "same", 1, 0, 0, 1));
        Comparison identical = Comparison.of(a, same, SETTINGS);
        assertThat(identical.ranges()).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.NO_DIFFERENCE);
            assertThat(r.speedup()).isEqualTo(new Bootstrap.Interval(1, 1, 1));
        });
        assertThat(identical.overall().verdict()).isEqualTo(Verdict.NO_DIFFERENCE);
        for (long seed = 2; seed <= 4; seed++) {
            Dataset noisy = DatasetReader.read(SyntheticRuns.write(dir.resolve("noisy" + seed + ".csv"), "noisy", seed, 0, 0, 1));
            Comparison c = Comparison.of(a, noisy, SETTINGS);
            assertThat(c.ranges()).as("seed " + seed).extracting(Comparison.Range::verdict).containsOnly(Verdict.NO_DIFFERENCE);
            assertThat(c.overall().verdict()).as("seed " + seed).isEqualTo(Verdict.NO_DIFFERENCE);
        }
    }

    @Test
    void sameSeedSameNumbers(@TempDir Path dir) {
        Dataset a = DatasetReader.read(SyntheticRuns.write(dir.resolve("a.csv"), "a", 1, 0, 0, 1));
        Dataset b = DatasetReader.read(SyntheticRuns.write(dir.resolve("b.csv"), "b", 2, 20_000, 30_000, 1.10));
        assertThat(Comparison.of(a, b, SETTINGS)).isEqualTo(Comparison.of(a, b, SETTINGS));
    }

    @Test
    void differentHashesAreReportedAndLeftOut(@TempDir Path dir) throws Exception {
        Path a = SyntheticRuns.write(dir.resolve("a.csv"), "a", 1, 0, 0, 1);
        Path b = SyntheticRuns.write(dir.resolve("b.csv"), "b", 1, 0, 0, 1);
        // heights 100 and 101 of run b are other blocks (a reorg)
        List<String> lines = Files.readAllLines(b).stream().map(l -> l.startsWith("block,100,") || l.startsWith("block,101,")
                ? l.replace(BenchScenario.hash(Integer.parseInt(l.split(",")[1])), BenchScenario.hash(-1)) : l).toList();
        Files.write(b, lines);
        Comparison c = Comparison.of(DatasetReader.read(a), DatasetReader.read(b), SETTINGS);
        assertThat(c.hashMismatches()).containsExactly(100, 101);
        assertThat(c.commonBlocks()).isEqualTo(49_998);
        Cli.Result r = Cli.run("bench", "compare", a.toString(), b.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderrLines()).containsExactly("nodescope: warning: 2 heights differ in hash between a and b (first: 100); not compared");
    }

    @Test
    void terminalSummary(@TempDir Path dir) throws Exception {
        Path base = SyntheticRuns.write(dir.resolve("base.csv"), "base", 1, 0, 0, 1);
        Path slow = SyntheticRuns.write(dir.resolve("slow.csv"), "slow", 2, 20_000, 30_000, 1.10);
        Cli.Result r = Cli.run("bench", "compare", base.toString(), slow.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        List<String> out = r.stdoutLines();
        assertThat(out.get(0)).isEqualTo("runs");
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("  base (baseline): " + base + ", 50000 blocks (heights 0-49999)"));
        assertThat(out).contains("slow against base: 50000 blocks in common",
                "  20000-29999         10000    137.594 s    150.802 s   0.912x      [0.904, 0.919]  slower");
        assertThat(out.stream().filter(l -> l.startsWith("  20000-29999 ")).findFirst().orElseThrow()).endsWith("  slower");
        for (String range : List.of("0-9999", "10000-19999", "30000-39999", "40000-49999")) {
            assertThat(out.stream().filter(l -> l.startsWith("  " + range + " ")).findFirst().orElseThrow())
                    .endsWith("  no significant difference");
        }
        assertThat(out).contains("  overall             50000    688.039 s    699.569 s   0.984x      [0.981, 0.986]  slower",
                "  overall: slow is slower (1.7% slower; 95% bootstrap interval, per range Bonferroni-widened; changes under 1.0% are"
                        + " not called significant)");
        assertThat(out).contains("slowest blocks of base", "slowest blocks of slow");
        assertThat(out).anySatisfy(l -> assertThat(l).isEqualTo("flushes of base: 25, 0.325 s total, longest 25.000 ms; PERIODIC 25 (0.325 s)"));
    }

    /**
     * Runs that share a label (two runs of one build, a/run.csv and b/run.csv, a run with itself)
     * made the plots fail ("This dataset already contains a series with the key ...") and no
     * report was written; "slowest blocks of run" came twice.
     */
    @Test
    void runsWithTheSameLabelAreToldApart(@TempDir Path dir) throws Exception {
        Path a = SyntheticRuns.write(Files.createDirectory(dir.resolve("a")).resolve("run.csv"), "run", 1, 0, 0, 1);
        Path b = SyntheticRuns.write(Files.createDirectory(dir.resolve("b")).resolve("run.csv"), "run", 2, 20_000, 30_000, 1.10);
        Path report = dir.resolve("r.html");
        Cli.Result r = Cli.run("bench", "compare", a.toString(), b.toString(), "--report", report.toString(), "--resamples", "200");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String labelA = "run (" + a + ")";
        String labelB = "run (" + b + ")";
        assertThat(r.stdoutLines()).contains(labelB + " against " + labelA + ": 50000 blocks in common",
                "slowest blocks of " + labelA, "slowest blocks of " + labelB);
        assertThat(Files.readString(report)).contains("<h3>" + labelA + "</h3>", "<h3>" + labelB + "</h3>");

        Cli.Result itself = Cli.run("bench", "compare", a.toString(), a.toString(), "--report", report.toString(), "--resamples", "200");
        assertThat(itself.exitCode()).as(itself.stderr()).isZero();
        assertThat(itself.stdoutLines()).contains("slowest blocks of " + labelA, "slowest blocks of " + labelA + " #2");

        Cli.Result named = Cli.run("bench", "compare", a.toString(), b.toString(), "--label", "master,pr", "--resamples", "200");
        assertThat(named.exitCode()).as(named.stderr()).isZero();
        assertThat(named.stdoutLines()).contains("pr against master: 50000 blocks in common", "slowest blocks of master",
                "slowest blocks of pr");
        Cli.Result twice = Cli.run("bench", "compare", a.toString(), b.toString(), "--label", "x,x");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.stderrLines()).containsExactly("nodescope: --label: 'x' names two runs; give each run its own name");
    }
}
