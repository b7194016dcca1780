package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.EventMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Block propagation over a fleet of three nodes (a, b, c) from synthetic block_connected events: exact histograms in one scrape. */
class FleetMetricsTest {
    static final long T0 = 1_700_000_200_000_000_000L;
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final String H1 = "11".repeat(32), H2 = "22".repeat(32), H3 = "33".repeat(32), H0 = "00".repeat(32);
    private long seq;

    private BlockConnected block(String node, long at, String hash, int height) {
        return new BlockConnected(new EventMeta(node, 4242, 4243, "b-msghand", at - T0, at, seq++), hash, height, 1, 1, 1, 1_000_000);
    }

    @Test
    void spreadPerBlockAndEachNodesDelayAfterTheFirst() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start()) {
            exporter.accept(block("a", T0 - 60 * S, H0, 99));       // one node alone: no propagation to measure
            for (String node : List.of("a", "b", "c")) {             // the fleet: H1 waits for c, which attached before its first block
                exporter.accept(new Attached(new EventMeta(node, 4242, 4243, "nodescope", 0, T0 - 30 * S, seq++), "/usr/bin/bitcoind", 1,
                        List.of("validation:block_connected"), List.of()));
            }
            Scrape alone = Scrape.of(exporter.metricsUri());
            assertThat(alone.get("nodescope_fleet_block_propagation_seconds_count")).isEqualTo(0.0);
            assertThat(alone.count("nodescope_fleet_block_delay_seconds_count{")).isZero();

            exporter.accept(block("a", T0, H1, 100));
            exporter.accept(block("b", T0 + 300 * MS, H1, 100));
            exporter.accept(block("c", T0 + 1200 * MS, H1, 100));    // every node: spread 1.2 s
            exporter.accept(block("b", T0 + 600 * S, H2, 101));
            exporter.accept(block("a", T0 + 600 * S + 400 * MS, H2, 101)); // c never connects H2
            exporter.accept(block("c", T0 + 1300 * S, H3, 102));     // 10 minutes after H2's first: H2 complete with 0.4 s
            exporter.accept(block("a", T0 + 1302 * S, H3, 102));
            exporter.accept(block("b", T0 + 1307 * S, H3, 102));     // spread 7 s
            Scrape s = Scrape.of(exporter.metricsUri());

            String p = "nodescope_fleet_block_propagation_seconds";
            assertThat(s.get(p + "_count")).isEqualTo(3.0);
            assertThat(s.get(p + "_sum")).isCloseTo(8.6, within(1e-9));
            assertThat(s.get(p + "_bucket", "le=0.25")).isEqualTo(0.0);
            assertThat(s.get(p + "_bucket", "le=0.5")).isEqualTo(1.0);
            assertThat(s.get(p + "_bucket", "le=1")).isEqualTo(1.0);
            assertThat(s.get(p + "_bucket", "le=2")).isEqualTo(2.0);
            assertThat(s.get(p + "_bucket", "le=5")).isEqualTo(2.0);
            assertThat(s.get(p + "_bucket", "le=10")).isEqualTo(3.0);

            String d = "nodescope_fleet_block_delay_seconds";
            // a: 0 (H1, first), 0.4 (H2), 2 (H3); b: 0.3, 0 (H2, first), 7; c: 1.2, 0 (H3, first)
            assertThat(s.get(d + "_count", "node=a")).isEqualTo(3.0);
            assertThat(s.get(d + "_sum", "node=a")).isCloseTo(2.4, within(1e-9));
            assertThat(s.get(d + "_bucket", "node=a", "le=0.05")).isEqualTo(1.0);
            assertThat(s.get(d + "_bucket", "node=a", "le=0.5")).isEqualTo(2.0);
            assertThat(s.get(d + "_bucket", "node=a", "le=2")).isEqualTo(3.0);
            assertThat(s.get(d + "_count", "node=b")).isEqualTo(3.0);
            assertThat(s.get(d + "_sum", "node=b")).isCloseTo(7.3, within(1e-9));
            assertThat(s.get(d + "_bucket", "node=b", "le=0.25")).isEqualTo(1.0);
            assertThat(s.get(d + "_bucket", "node=b", "le=0.5")).isEqualTo(2.0);
            assertThat(s.get(d + "_bucket", "node=b", "le=5")).isEqualTo(2.0);
            assertThat(s.get(d + "_bucket", "node=b", "le=10")).isEqualTo(3.0);
            assertThat(s.get(d + "_count", "node=c")).isEqualTo(2.0);
            assertThat(s.get(d + "_sum", "node=c")).isCloseTo(1.2, within(1e-9));
            assertThat(s.get(d + "_bucket", "node=c", "le=1")).isEqualTo(1.0);
            assertThat(s.get(d + "_bucket", "node=c", "le=2")).isEqualTo(2.0);
        }
    }
}
