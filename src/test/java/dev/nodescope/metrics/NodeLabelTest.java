package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node label: a fleet's nodes apart in one exporter, their number bounded. */
class NodeLabelTest {
    private static EventMeta meta(String node, long mono) {
        return new EventMeta(node, 4242, 4243, "b-msghand", mono, 1_700_000_200_000_000_000L + mono, mono);
    }

    @Test
    void eachNodeHasItsSeriesAndTheGivenNodeExistsFromTheStart() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).node("alpha").build().start()) {
            Scrape before = Scrape.of(exporter.metricsUri());
            assertThat(before.get("nodescope_attached", "node=alpha")).isEqualTo(0.0);
            assertThat(before.get("nodescope_events_total", "node=alpha", "tracepoint=validation:block_connected")).isEqualTo(0.0);
            assertThat(before.count("nodescope_attached{node=beta")).isZero();

            exporter.accept(new Attached(meta("alpha", 0), "/usr/bin/bitcoind", 1, List.of("validation:block_connected"), List.of()));
            exporter.accept(new BlockConnected(meta("alpha", 1), "00".repeat(32), 100, 1, 1, 1, 1_000_000));
            exporter.accept(new BlockConnected(meta("beta", 2), "00".repeat(32), 200, 1, 1, 1, 1_000_000));
            exporter.accept(new InboundConnection(meta("beta", 3), 7, "10.0.0.7:8333", "inbound", Network.IPV4, 1));
            exporter.accept(new InboundConnection(meta("alpha", 4), 7, "10.0.0.7:8333", "inbound", Network.IPV4, 1));
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.get("nodescope_validation_best_height", "node=alpha")).isEqualTo(100.0);
            assertThat(s.get("nodescope_validation_best_height", "node=beta")).isEqualTo(200.0);
            assertThat(s.get("nodescope_attached", "node=alpha")).isEqualTo(1.0);
            assertThat(s.get("nodescope_attached", "node=beta")).isEqualTo(0.0);
            // the same peer id on two nodes is two connections
            assertThat(s.get("nodescope_connections", "node=alpha", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections", "node=beta", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(1.0);
            assertThat(exporter.nodeMetrics().trackedConnections()).isEqualTo(2);
        }
    }

    @Test
    void nodesBeyondTheCapShareTheOtherLabel() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start()) {
            for (int i = 0; i < NodeMetrics.MAX_NODES + 10; i++) {
                exporter.accept(new BlockConnected(meta("node-" + i, i), "00".repeat(32), i, 1, 1, 1, 1_000_000));
            }
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.count("nodescope_validation_blocks_connected_total{")).isEqualTo(NodeMetrics.MAX_NODES + 1);
            assertThat(s.get("nodescope_validation_blocks_connected_total", "node=other")).isEqualTo(10.0);
            assertThat(s.get("nodescope_validation_blocks_connected_total", "node=node-0")).isEqualTo(1.0);
        }
    }
}
