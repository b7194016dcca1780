package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.TestStreams;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real BPF churn: hundreds of thousands of connections, each with its own address and an unknown
 * message type, opened and closed through the fixture. The series and the exporter's state stay
 * bounded, and every connection is accounted for (counted, or reported lost).
 */
@ExtendWith(BpfAvailable.class)
class MetricsChurnLiveTest {
    @Test
    void churnStaysBounded() throws Exception {
        int n = 200_000;
        String[] nets = {"ipv4", "ipv6", "onion", "i2p", "cjdns"};
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fx.pid()).ringBytes(64L << 20).build();
            try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false)
                    .sourceStats(source).build().start()) {
                EventStream stream = EventStream.open(source);
                TestStreams.startAttached(exporter.attach(stream));
                fx.send("wait-attached all 20000", "sleep 50");
                List<String> batch = new ArrayList<>();
                for (int peer = 1; peer <= n; peer++) {
                    String addr = "10." + (peer >> 16 & 255) + "." + (peer >> 8 & 255) + "." + (peer & 255) + ":" + (1024 + peer % 60000);
                    String net = nets[peer % nets.length];
                    batch.add("net:inbound_connection " + peer + " " + addr + " inbound " + net + " 1");
                    batch.add("net:inbound_message " + peer + " " + addr + " inbound m" + peer + " 1 zero");
                    batch.add("net:misbehaving_connection " + peer + " \"bad thing number " + peer + "\"");
                    batch.add("net:closed_connection " + peer + " " + addr + " inbound " + net + " 1700000000");
                    if (batch.size() >= 4000) {
                        fx.send(batch);
                        batch.clear();
                    }
                }
                fx.send(batch);
                assertThat(fx.finish()).endsWith("errors=0");
                assertThat(stream.awaitTermination(Duration.ofSeconds(60))).isTrue();

                Scrape s = Scrape.of(exporter.metricsUri());
                double lostOpen = orZero(s.get("nodescope_events_lost_total", "node=" + LiveSource.Builder.defaultNode(), "stage=ring_reserve", "tracepoint=net:inbound_connection"));
                double lostClose = orZero(s.get("nodescope_events_lost_total", "node=" + LiveSource.Builder.defaultNode(), "stage=ring_reserve", "tracepoint=net:closed_connection"));
                assertThat(s.sum("nodescope_connections_opened_total") + lostOpen).isEqualTo((double) n);
                assertThat(s.sum("nodescope_connections_closed_total") + lostClose).isEqualTo((double) n);
                assertThat(s.get("nodescope_tracepoint_hits_total", "tracepoint=net:inbound_connection")).isEqualTo((double) n);
                assertThat(s.get("nodescope_connections_misbehaving_total", "node=" + LiveSource.Builder.defaultNode(), "reason=other") + orZero(s.get("nodescope_events_lost_total", "node=" + LiveSource.Builder.defaultNode(),
                        "stage=ring_reserve", "tracepoint=net:misbehaving_connection"))).isEqualTo((double) n);
                // the process exited: nothing tracked, no connection left in the gauge
                assertThat(exporter.nodeMetrics().trackedConnections()).isZero();
                assertThat(s.sum("nodescope_connections")).isEqualTo(0.0);
                // 200k addresses, 200k message types, 200k reasons: still a handful of series
                assertThat(s.series.size()).isLessThan(700);
                assertThat(s.text).doesNotContain("10.0.1.", "m12345", "number");
            }
        }
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
