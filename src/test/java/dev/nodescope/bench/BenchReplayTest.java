package dev.nodescope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.UtxoCacheFlush;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench record --replay}: the dataset of a recorded sync, without the node. */
class BenchReplayTest {
    @TempDir
    Path dir;

    @Test
    void datasetFromAnArchiveHasEveryBlockAndFlushOfTheRange() throws Exception {
        Path archive = dir.resolve("rec");
        List<Row> expected = new ArrayList<>();
        try (Recorder recorder = Recorder.builder().directory(archive)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "n", "pid 1", List.of(), "none", false, "", "", 1)).build()) {
            long[] seq = {0};
            java.util.function.Supplier<EventMeta> meta = () -> {
                long mono = 1_000_000_000L + seq[0] * 1_000_000L;
                return new EventMeta("n", 999_999_999, 999_999_999, "b-loadblk", mono, 1_764_400_000_000_000_000L + mono, seq[0]++);
            };
            recorder.accept(new Attached(meta.get(), "/opt/bitcoin/bin/bitcoind", 999_999_999, List.of("validation:block_connected"), List.of()));
            for (int h = 1_000; h < 1_300; h++) {
                BlockRow b = BenchScenario.block(h);
                recorder.accept(new BlockConnected(meta.get(), b.hash(), h, b.transactions(), b.inputs(), b.sigops(), b.durationNs()));
                recorder.accept(new MempoolAdded(meta.get(), b.hash(), 100, 1000)); // not in a dataset
                if (h >= 1_100 && h < 1_200) {
                    expected.add(b);
                }
                if (h % 50 == 0) {
                    FlushRow f = BenchScenario.flush(h);
                    recorder.accept(new UtxoCacheFlush(meta.get(), f.durationNs() / 1000, f.mode(), f.coins(), f.memoryBytes(), f.forPrune()));
                    if (h >= 1_100 && h < 1_199) {
                        expected.add(f);
                    }
                }
            }
        }
        Path out = dir.resolve("run.csv");
        Cli.Result r = Cli.run("bench", "record", "--replay", archive.toString(), "--out", out.toString(), "--from-height", "1100",
                "--to-height", "1199");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("nodescope: recorded 100 blocks and 2 flushes to " + out);
        Dataset d = DatasetReader.read(out);
        assertThat(BenchScenario.withoutTimes(d.rows())).containsExactlyElementsOf(expected);
        // the facts come from the archive, not from this machine's /proc (that pid is not the node)
        assertThat(d.metadata()).containsEntry("binary", "/opt/bitcoin/bin/bitcoind")
                .containsEntry("cpu", "unknown (replayed from an archive)").containsEntry("source", "replay of [" + archive + "]");
        assertThat(d.metadata()).doesNotContainKey("command_line");
    }
}
