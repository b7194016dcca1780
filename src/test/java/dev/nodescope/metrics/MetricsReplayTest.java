package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Network;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics --replay}: the exporter fed from an archive serves exactly what the archive holds, then keeps serving it. */
class MetricsReplayTest {
    @TempDir
    Path dir;

    @Test
    void replayedArchiveIsServedWithExactCounts() throws Exception {
        Path archive = dir.resolve("rec");
        try (Recorder recorder = Recorder.builder().directory(archive)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "n", "pid 1", List.of(), "none", false, "", "", 1)).build()) {
            long seq = 0;
            for (int i = 0; i < 3; i++) {
                recorder.accept(new InboundConnection(meta(seq++), 10 + i, "203.0.113." + i + ":8333", "inbound", Network.IPV4, i + 1));
            }
            for (int h = 100; h < 107; h++) {
                recorder.accept(new BlockConnected(meta(seq++), "%064x".formatted(h), h, 2, 3, 4, 2_000_000));
            }
            recorder.accept(new Loss(meta(seq), "ring_reserve", "mempool:added", 5));
        }
        Process p = Cli.start("metrics", "--replay", archive.toString(), "--listen", "127.0.0.1:0", "--no-jvm-metrics");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            URI uri = null;
            String line;
            while ((line = err.readLine()) != null && !line.startsWith("nodescope: replay finished")) {
                if (line.startsWith("nodescope: serving metrics at ")) {
                    uri = URI.create(line.substring("nodescope: serving metrics at ".length()));
                }
            }
            assertThat(line).as("the exporter keeps serving after the replay").startsWith("nodescope: replay finished; serving");
            Scrape s = Scrape.of(uri);
            assertThat(s.get("nodescope_validation_blocks_connected_total", "node=n")).isEqualTo(7.0);
            assertThat(s.get("nodescope_validation_transactions_connected_total", "node=n")).isEqualTo(14.0);
            assertThat(s.sum("nodescope_connections_opened_total", "direction=inbound")).isEqualTo(3.0);
            assertThat(s.get("nodescope_events_lost_total", "node=n", "stage=ring_reserve", "tracepoint=mempool:added")).isEqualTo(5.0);
        } finally {
            p.toHandle().destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static EventMeta meta(long seq) {
        long mono = 1_000_000_000L + seq * 1_000_000L;
        return new EventMeta("n", 1, 1, "b-msghand", mono, 1_764_400_000_000_000_000L + mono, seq);
    }
}
