package dev.nodescope.watch.sink;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.Severity;
import dev.nodescope.metrics.LabelValues;
import dev.nodescope.metrics.NodeMetrics;
import dev.nodescope.watch.AlertSink;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watchdog's Prometheus series ({@code watch --listen}, {@code metrics --watch}; docs/metrics.md):
 * {@code nodescope_alerts_firing{node,alert,severity}}, the alerts firing now, and
 * {@code nodescope_alerts_total{node,alert,state}}, the alert events by state. The gauge is not
 * called {@code nodescope_alerts}: a gauge of that name and the counter {@code nodescope_alerts_total}
 * would be one family of two types in OpenMetrics, which the client library refuses.
 *
 * <p>Labels are bounded: alert names are the detectors', severities and states are fixed, and
 * nodes follow {@link NodeMetrics}'s rule (at most {@link NodeMetrics#MAX_NODES}, then
 * {@code other}). No label holds a subject or an address. Runs on the stream thread; the registry
 * reads the values from the scrape's thread.
 */
public final class AlertMetrics implements AlertSink {
    private record Key(String node, String alert, String subject) {
    }

    private final Gauge firing;
    private final Counter total;
    /** Severity of every alert firing now; at most the engine's open alerts. Stream thread only. */
    private final Map<Key, Severity> open = new HashMap<>();
    private final Map<String, String> nodeLabels = new HashMap<>();
    private final List<String> alerts;

    /**
     * @param node   the traced node's name, whose series exist from the start at 0 (null: nodes come from the events,
     *               each with its series at 0 from its first alert)
     * @param alerts the detectors' names, for those series
     */
    public AlertMetrics(PrometheusRegistry registry, String node, Collection<String> alerts) {
        firing = Gauge.builder().name("nodescope_alerts_firing")
                .help("Alerts of nodescope watch firing now, per detector and severity (docs/watch.md)")
                .labelNames("node", "alert", "severity").register(registry);
        total = Counter.builder().name("nodescope_alerts_total")
                .help("Alert events of nodescope watch by the state they reached: pending, firing (again on a rise in severity), resolved")
                .labelNames("node", "alert", "state").register(registry);
        this.alerts = List.copyOf(alerts);
        if (node != null) {
            nodeLabel(node);
        }
    }

    @Override
    public void onAlert(Alert a) {
        String node = nodeLabel(a.meta().node());
        total.labelValues(node, a.alert(), a.state().jsonName()).inc();
        Key key = new Key(a.meta().node(), a.alert(), a.subject());
        switch (a.state()) {
            case PENDING -> {
            }
            case FIRING -> {
                Severity before = open.put(key, a.severity());
                if (before != a.severity()) {
                    if (before != null) {
                        firing.labelValues(node, a.alert(), before.jsonName()).dec();
                    }
                    firing.labelValues(node, a.alert(), a.severity().jsonName()).inc();
                }
            }
            case RESOLVED -> {
                Severity before = open.remove(key);
                if (before != null) {
                    firing.labelValues(node, a.alert(), before.jsonName()).dec();
                }
            }
        }
    }

    private String nodeLabel(String node) {
        String label = nodeLabels.get(node);
        if (label == null) {
            if (nodeLabels.size() >= NodeMetrics.MAX_NODES) {
                return LabelValues.OTHER;
            }
            label = node.length() > NodeMetrics.MAX_NODE_LABEL_CHARS ? node.substring(0, NodeMetrics.MAX_NODE_LABEL_CHARS) : node;
            nodeLabels.put(node, label);
            // a node's series exist at 0 from when it is known: "no data" on a dashboard reads as "unknown",
            // and increase() misses the first alert of a series that appears with it
            for (String alert : alerts) {
                for (Severity s : Severity.values()) {
                    firing.labelValues(label, alert, s.jsonName());
                }
                for (AlertState s : AlertState.values()) {
                    total.labelValues(label, alert, s.jsonName());
                }
            }
        }
        return label;
    }
}
