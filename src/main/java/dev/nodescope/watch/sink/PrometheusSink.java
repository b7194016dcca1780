package dev.nodescope.watch.sink;

import dev.nodescope.event.Alert;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.watch.AlertSink;
import java.util.Collection;

/**
 * {@code watch --listen}: the alert metrics ({@link AlertMetrics}) on an HTTP endpoint of their
 * own, the metrics exporter's server with its access control, for as long as the watch runs.
 */
public final class PrometheusSink implements AlertSink {
    private final MetricsExporter exporter;
    private final AlertMetrics metrics;

    /** {@code exporter}: built without event metrics, already serving. */
    public PrometheusSink(MetricsExporter exporter, String node, Collection<String> alerts) {
        this.exporter = exporter;
        this.metrics = new AlertMetrics(exporter.registry(), node, alerts);
    }

    @Override
    public void onAlert(Alert alert) {
        metrics.onAlert(alert);
    }

    @Override
    public void close() {
        exporter.close();
    }
}
