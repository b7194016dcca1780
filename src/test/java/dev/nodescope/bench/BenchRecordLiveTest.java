package dev.nodescope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bench record --pid} on the fixture through real BPF: the dataset holds exactly what was fired, row for row. */
@ExtendWith(BpfAvailable.class)
class BenchRecordLiveTest {

    @ParameterizedTest
    @ValueSource(strings = {"run.csv", "run.jsonl"})
    void recordsEveryBlockAndFlushOfTheRangeAndStopsAtToHeight(String name, @TempDir Path dir) throws Exception {
        // 100 blocks before the range, 3000 in it (a flush every 100), 50 after: only the range is recorded
        BenchScenario before = new BenchScenario(799_900, 799_999, 100);
        BenchScenario range = new BenchScenario(800_000, 802_999, 100);
        BenchScenario after = new BenchScenario(803_000, 803_049, 10);
        // the flush after block 802999 comes after --to-height stopped the recording
        List<Row> expected = range.rows.subList(0, range.rows.size() - 1);
        Path out = dir.resolve(name);
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process cli = Cli.start("bench", "record", "--pid", Long.toString(fx.pid()), "--out", out.toString(), "--from-height",
                    "800000", "--to-height", "802999", "--label", "fixture-run", "--slow", "5ms");
            List<String> lines = new ArrayList<>(List.of("wait-attached validation:block_connected 20000",
                    "wait-attached utxocache:flush 20000", "sleep 500"));
            lines.addAll(before.lines);
            lines.addAll(range.lines);
            lines.addAll(after.lines);
            fx.send(lines);
            Cli.Result r = Cli.finish(cli, 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("nodescope: recorded 3000 blocks and 29 flushes to " + out)
                    .doesNotContain("stopped before").doesNotContain("lost");
            // slow blocks are those of >= 5 ms: durations are 1..6 ms in the scenario
            long slow = range.rows.stream().filter(x -> x instanceof BlockRow b && b.durationNs() >= 5_000_000).count();
            assertThat(r.stderrLines().stream().filter(l -> l.startsWith("slow block ")).count()).isEqualTo(slow);
            fx.finish();
        }
        Dataset d = DatasetReader.read(out);
        assertThat(BenchScenario.withoutTimes(d.rows())).containsExactlyElementsOf(expected);
        assertThat(d.rows()).allMatch(x -> x.epochNanos() > 0);
        assertThat(d.metadata()).containsEntry("label", "fixture-run").containsEntry("from_height", "800000")
                .containsEntry("to_height", "802999").containsEntry("binary", Fixture.binary().toRealPath().toString())
                .containsEntry("bitcoind_version", "v29 or later (all 20 tracepoints)").containsEntry("duration_unit", "ns")
                .containsEntry("command_line", Fixture.binary() + " play -").containsEntry("options", "(defaults)")
                .containsEntry("blocks", "3000").containsEntry("flushes", "29").containsEntry("events_lost", "0")
                .containsKeys("nodescope_version", "binary_sha256", "pid", "cpu", "kernel", "start", "end");
        assertThat(d.metadata().get("binary_sha256")).hasSize(64);
        if (name.endsWith(".csv")) {
            // the file itself: metadata comments, the header, then exactly these rows (time last)
            List<String> file = Files.readAllLines(out);
            List<String> body = file.stream().filter(l -> !l.startsWith("#")).toList();
            assertThat(body.getFirst()).isEqualTo("kind,height,hash,transactions,inputs,sigops,duration_ns,mode,coins,memory_bytes,for_prune,time");
            BlockRow first = (BlockRow) range.rows.getFirst();
            assertThat(body.get(1)).startsWith("block,800000," + first.hash() + "," + first.transactions() + "," + first.inputs() + ","
                    + first.sigops() + "," + first.durationNs() + ",,,,,");
            assertThat(file.getFirst()).isEqualTo("# label: fixture-run");
            assertThat(file.getLast()).isEqualTo("# events_lost: 0");
        }
    }
}
