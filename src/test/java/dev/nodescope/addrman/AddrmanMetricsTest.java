package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcCredentials;
import dev.nodescope.rpc.RpcException;
import dev.nodescope.rpc.StubNode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code metrics --rpc}: the addrman gauges of the real node's answers, exact, with bounded labels. */
class AddrmanMetricsTest {
    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gaugesFromTheRealAnswers() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        AddrmanMetrics metrics = new AddrmanMetrics(registry);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (StubNode node = StubNode.withRealAnswers("u", "p");
             AddrmanPoller poller = AddrmanPoller.start(new RpcClient("127.0.0.1", node.port(),
                     RpcCredentials.user("u", "p".toCharArray(), "test"), Duration.ofSeconds(5)), metrics,
                     Grouping.withoutAsmap(), Duration.ofMillis(200), new PrintStream(err, true))) {
            List<String> lines = Arrays.asList(scrape(registry).split("\n"));
            assertThat(lines).contains(
                    "nodescope_addrman_entries{network=\"ipv4\",table=\"new\"} 322.0",
                    "nodescope_addrman_entries{network=\"ipv4\",table=\"tried\"} 76.0",
                    "nodescope_addrman_entries{network=\"ipv6\",table=\"new\"} 60.0",
                    "nodescope_addrman_entries{network=\"onion\",table=\"new\"} 0.0",
                    "nodescope_addrman_addresses{table=\"new\"} 382.0",
                    "nodescope_addrman_buckets_used{table=\"tried\"} 67.0",
                    "nodescope_addrman_terrible{rule=\"future\",table=\"new\"} 0.0",
                    "nodescope_addrman_distinct_groups{grouping=\"netgroup\",table=\"new\"} 379.0",
                    "nodescope_addrman_top_share{grouping=\"source_netgroup\",table=\"tried\"} " + (1.0 / 76),
                    "nodescope_addrman_snapshot_failures_total 0.0");
            // bounded: 6 networks x 2 tables, no group names anywhere
            assertThat(lines.stream().filter(l -> l.startsWith("nodescope_addrman_entries{"))).hasSize(12);
            assertThat(String.join("\n", lines)).doesNotContain("0.0/16").doesNotContain("64.124");
            // the node goes away: failures are counted, the last good values stay
            node.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!scrape(registry).contains("nodescope_addrman_snapshot_failures_total 1.0") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String after = scrape(registry);
            assertThat(after).contains("nodescope_addrman_snapshot_failures_total 1.0")
                    .contains("nodescope_addrman_addresses{table=\"new\"} 382.0");
            assertThat(err.toString()).startsWith("nodescope: addrman snapshot failed: node not reachable at 127.0.0.1:" + node.port());
        }
    }

    @Test
    void aWrongFirstSnapshotStopsAtOnce() throws Exception {
        try (StubNode node = StubNode.withRealAnswers("u", "p").whitelist(Set.of("getpeerinfo"))) {
            RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.user("u", "p".toCharArray(), "test"), Duration.ofSeconds(5));
            assertThatThrownBy(() -> AddrmanPoller.start(rpc, new AddrmanMetrics(new PrometheusRegistry()), Grouping.withoutAsmap(),
                    Duration.ofMinutes(2), System.err)).isInstanceOf(RpcException.class)
                    .satisfies(e -> assertThat(((RpcException) e).kind()).isEqualTo(RpcException.Kind.NOT_WHITELISTED));
            rpc.close();
        }
    }
}
