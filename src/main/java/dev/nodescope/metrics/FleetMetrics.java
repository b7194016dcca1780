package dev.nodescope.metrics;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.fleet.BlockPropagation;
import dev.nodescope.stream.EventStream;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How blocks go through a fleet (docs/metrics.md): each block's spread, first to last node connecting
 * it, and each node's delay after the first ({@link BlockPropagation}). A single node never has a
 * sample: propagation needs two nodes. Fed on the stream's thread.
 */
final class FleetMetrics implements Consumer<Event> {
    /** From a well-connected fleet (a fraction of a second with compact blocks) to one block interval (the timeout). */
    private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600};

    private final Histogram propagation;
    private final Histogram delay;
    private final BlockPropagation blocks;
    private final Map<String, String> labels = new HashMap<>();

    FleetMetrics(PrometheusRegistry registry) {
        propagation = Histogram.builder().name("nodescope_fleet_block_propagation_seconds")
                .help("Per block, from the first to the last node of the fleet connecting it (once every node did, or 10 minutes after the first)")
                .classicOnly().classicUpperBounds(BOUNDS).withoutExemplars().register(registry);
        delay = Histogram.builder().name("nodescope_fleet_block_delay_seconds")
                .help("Per block and node, how long after the fleet's first node it connected the block (0 for the first)")
                .labelNames("node").classicOnly().classicUpperBounds(BOUNDS).withoutExemplars().register(registry);
        blocks = new BlockPropagation(new BlockPropagation.Listener() {
            @Override
            public void delay(String node, long delayNanos) {
                delay.labelValues(label(node)).observe(delayNanos / 1e9);
            }

            @Override
            public void complete(BlockPropagation.Block block) {
                propagation.observe(block.spreadNanos() / 1e9);
            }
        });
    }

    void register(EventStream stream) {
        stream.onEvent(Attached.class, this);
        stream.onEvent(BlockConnected.class, this);
        stream.onEvent(Detached.class, this);
    }

    @Override
    public void accept(Event event) {
        switch (event) {
            case BlockConnected b -> blocks.connected(b.meta().node(), b.hash(), b.height(), b.meta().epochNanos());
            case Attached a -> blocks.joined(a.meta().node());
            case Detached d -> blocks.detached(d.meta().node(), d.meta().epochNanos());
            default -> {
            }
        }
    }

    /** The node label as {@link NodeMetrics} gives it: cut to its length, nodes beyond its count share {@code other}. */
    private String label(String node) {
        String label = labels.get(node);
        if (label == null) {
            label = labels.size() < NodeMetrics.MAX_NODES
                    ? node.length() > NodeMetrics.MAX_NODE_LABEL_CHARS ? node.substring(0, NodeMetrics.MAX_NODE_LABEL_CHARS) : node
                    : LabelValues.OTHER;
            labels.put(node, label);
        }
        return label;
    }
}
