package dev.nodescope.watch.detect;

import dev.nodescope.event.Attached;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.OutboundConnection;
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
 * {@code connection_churn}: connections opened and closed per interval, inbound and outbound apart,
 * far above their own recent baseline (median/MAD, {@link RateBaseline}). Inbound churn is what an
 * attacker who connects and drops again and again makes (slot exhaustion, eclipse attempts, address
 * probing); outbound churn is the node's own peers failing (a network problem, or peers that
 * disconnect it on purpose). The two are apart because their normal levels differ by far: feelers and
 * addr-fetch connections make a steady outbound churn of their own.
 */
public final class ConnectionChurn implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("connection_churn",
            "connections opened and closed per interval (inbound and outbound apart) far above their recent baseline: "
                    + "an attacker cycling connections, or the node's peers failing",
            Severity.WARNING, Duration.ofMinutes(1), Duration.ofMinutes(5), true, List.of(
                    ParamSpec.seconds("interval", 60,
                            "the interval counted; a minute holds a few connections on a calm node, so a count is not mostly noise"),
                    ParamSpec.seconds("baseline", 3600,
                            "how far back the baseline reaches; an hour of minutes: a surge is judged against the calm before it for half an hour"),
                    ParamSpec.seconds("warmup", 600,
                            "history needed before judging; ten intervals make a median that one restart does not own"),
                    ParamSpec.number("factor", 6,
                            "spreads (1.4826 MAD, at least the Poisson sqrt(median)) above the median that are abnormal; 6 is beyond any calm minute"),
                    ParamSpec.number("min_count", 20,
                            "the fewest connections opened plus closed in an interval that can be churn; 10 connections a minute is a restart, not an attack")),
            ConnectionChurn::new);

    private static final int INBOUND = 0;
    private static final int OUTBOUND = 1;
    private static final String[] DIRECTIONS = {"inbound", "outbound"};

    private final Settings settings;
    private final Alerts alerts;
    private final PerNode<Node> nodes;

    private final class Node {
        final RateBaseline[] churn = {RateBaseline.of(settings, "min_count"), RateBaseline.of(settings, "min_count")};
        final Subject[] subjects;

        Node(String node) {
            subjects = new Subject[] {Subject.of(node, "connections", DIRECTIONS[INBOUND]), Subject.of(node, "connections", DIRECTIONS[OUTBOUND])};
        }
    }

    private ConnectionChurn(DetectorContext ctx) {
        this.settings = ctx.settings();
        this.alerts = ctx.alerts();
        this.nodes = new PerNode<>(Node::new);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        // an eviction is followed by the closed_connection of that peer: counted there
        // attached only makes the node known, so that its baselines learn from the start
        return List.of(InboundConnection.class, OutboundConnection.class, ClosedConnection.class, Attached.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        int direction = switch (event) {
            case InboundConnection _ -> INBOUND;
            case OutboundConnection _ -> OUTBOUND;
            case ClosedConnection c -> "inbound".equals(c.connType()) ? INBOUND : OUTBOUND;
            default -> -1;
        };
        Node n = nodes.get(event.meta().node());
        if (direction >= 0) {
            n.churn[direction].add(now, 1);
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            for (int d = 0; d < 2; d++) {
                RateBaseline b = n.churn[d];
                switch (b.judge(now)) {
                    case ABOVE -> alerts.active(n.subjects[d], now,
                            Math.round(b.signal()) + " " + DIRECTIONS[d] + " connections opened or closed " + b.describe(),
                            b.evidence("connections").build(), b.signal(), b.signalLimit());
                    case NORMAL -> alerts.clear(n.subjects[d], now, b.signal());
                    case UNDECIDED -> {
                    }
                }
            }
        }
    }
}
