package dev.nodescope.watch.sink;

import static dev.nodescope.watch.MisbehavingArchive.S;
import static dev.nodescope.watch.MisbehavingArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.metrics.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert series: firing now per severity (an alert that gets worse moves), events per state, nodes bounded. */
class AlertMetricsTest {
    static Alert alert(String node, String subject, AlertState state, Severity severity) {
        return new Alert(new EventMeta(node, 1, 1, "nodescope", 0, T0 + S, 0), "misbehaving", state, severity, subject, -1, "", "s",
                Evidence.NONE, T0);
    }

    @Test
    void firingAlertsAreCountedAtTheirSeverityUntilTheyResolve() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).eventMetrics(false).jvmMetrics(false).build()) {
            PrometheusSink sink = new PrometheusSink(exporter, "n1", List.of("misbehaving", "addr_flood"));
            exporter.start();
            Scrape start = Scrape.of(exporter.metricsUri());
            assertThat(start.get("nodescope_alerts_firing", "node=n1", "alert=addr_flood", "severity=critical")).isEqualTo(0.0);
            assertThat(start.get("nodescope_alerts_total", "node=n1", "alert=addr_flood", "state=resolved")).isEqualTo(0.0);
            assertThat(start.sum("nodescope_p2p_messages_total")).isZero(); // only the alert families are served

            sink.onAlert(alert("n1", "node", AlertState.PENDING, Severity.WARNING));
            sink.onAlert(alert("n1", "node", AlertState.FIRING, Severity.WARNING));
            sink.onAlert(alert("n1", "peer:3", AlertState.FIRING, Severity.WARNING));
            sink.onAlert(alert("n1", "node", AlertState.FIRING, Severity.CRITICAL)); // it got worse
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=warning")).isEqualTo(1.0);
            assertThat(s.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=critical")).isEqualTo(1.0);
            assertThat(s.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=pending")).isEqualTo(1.0);
            assertThat(s.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=firing")).isEqualTo(3.0);

            sink.onAlert(alert("n1", "node", AlertState.RESOLVED, Severity.CRITICAL));
            sink.onAlert(alert("n1", "peer:4", AlertState.RESOLVED, Severity.WARNING)); // cleared while pending: was never firing
            Scrape end = Scrape.of(exporter.metricsUri());
            assertThat(end.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=critical")).isEqualTo(0.0);
            assertThat(end.get("nodescope_alerts_firing", "node=n1", "alert=misbehaving", "severity=warning")).isEqualTo(1.0);
            assertThat(end.get("nodescope_alerts_total", "node=n1", "alert=misbehaving", "state=resolved")).isEqualTo(2.0);
        }
    }

    @Test
    void nodesBeyondTheBoundShareOther() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).eventMetrics(false).jvmMetrics(false).build()) {
            PrometheusSink sink = new PrometheusSink(exporter, null, List.of("misbehaving"));
            exporter.start();
            for (int i = 0; i < 100; i++) {
                sink.onAlert(alert("node-" + i, "node", AlertState.FIRING, Severity.WARNING));
            }
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.get("nodescope_alerts_firing", "node=node-63", "alert=misbehaving", "severity=warning")).isEqualTo(1.0);
            assertThat(s.get("nodescope_alerts_firing", "node=node-64", "alert=misbehaving", "severity=warning")).isNull();
            assertThat(s.get("nodescope_alerts_firing", "node=other", "alert=misbehaving", "severity=warning")).isEqualTo(36.0);
        }
    }
}
