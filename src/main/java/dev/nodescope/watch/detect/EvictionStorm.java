package dev.nodescope.watch.detect;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.Alerts;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PerNode;
import dev.nodescope.watch.RateBaseline;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.List;

/**
 * {@code eviction_storm}: inbound peers evicted ({@code net:evicted_inbound_connection}) per interval
 * far above the node's own baseline. Core evicts an inbound peer only when its inbound slots are full
 * and another connects, protecting the peers that are useful to it; many evictions at once are many
 * new inbound connections pushing honest ones out: the first step of an eclipse attack.
 */
public final class EvictionStorm implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("eviction_storm",
            "inbound peers evicted per interval far above the recent baseline: newcomers pushing the node's inbound peers out (an eclipse attempt)",
            Severity.WARNING, Duration.ofMinutes(1), Duration.ofMinutes(5), true, List.of(
                    ParamSpec.seconds("interval", 60, "the interval counted; a full public node evicts a few peers a minute"),
                    ParamSpec.seconds("baseline", 3600,
                            "how far back the baseline reaches; an hour: a storm is judged against the calm before it for half an hour"),
                    ParamSpec.seconds("warmup", 600, "history needed before judging; ten minutes span the filling of the inbound slots after a start"),
                    ParamSpec.number("factor", 6,
                            "spreads (1.4826 MAD, at least the Poisson sqrt(median)) above the median that are abnormal; 6 is beyond any calm minute"),
                    ParamSpec.number("min_count", 10,
                            "the fewest evictions in an interval that can be a storm; a tenth of the default 114 inbound slots a minute")),
            EvictionStorm::new);

    private final Settings settings;
    private final Alerts alerts;
    private final PerNode<Node> nodes;

    private final class Node {
        final RateBaseline evictions = RateBaseline.of(settings, "min_count");
        final Subject subject;

        Node(String node) {
            subject = Subject.node(node);
        }
    }

    private EvictionStorm(DetectorContext ctx) {
        this.settings = ctx.settings();
        this.alerts = ctx.alerts();
        this.nodes = new PerNode<>(Node::new);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        // the others only make the node known, so that its baseline learns the calm before the first eviction
        return List.of(EvictedInboundConnection.class, Attached.class, InboundConnection.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        Node n = nodes.get(event.meta().node());
        if (event instanceof EvictedInboundConnection) {
            n.evictions.add(now, 1);
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            RateBaseline b = n.evictions;
            switch (b.judge(now)) {
                case ABOVE -> alerts.active(n.subject, now, Math.round(b.signal()) + " inbound peers evicted " + b.describe(),
                        b.evidence("evictions").build(), b.signal(), b.signalLimit());
                case NORMAL -> alerts.clear(n.subject, now, b.signal());
                case UNDECIDED -> {
                }
            }
        }
    }
}
