package dev.nodescope.watch.detect;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.Severity;
import dev.nodescope.metrics.LabelValues;
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
 * {@code bandwidth_surge}: payload bytes per P2P message type and direction per interval far above
 * their own baseline (subject {@code msg_type:<type>/<direction>}). The types are Bitcoin Core's
 * (metrics' bounded vocabulary, {@link LabelValues#MSG_TYPES}) plus {@code other}, so a peer that
 * sends made-up message types cannot grow the state. Per event: one table lookup and an add; no
 * payload is decoded.
 */
public final class BandwidthSurge implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("bandwidth_surge",
            "payload bytes of one P2P message type and direction per interval far above their recent baseline: a flood, a peer syncing from the node, or a leak",
            Severity.INFO, Duration.ofMinutes(2), Duration.ofMinutes(5), true, List.of(
                    ParamSpec.seconds("interval", 60, "the interval counted; a minute smooths the bursts of single messages (a block, an addr answer)"),
                    ParamSpec.seconds("baseline", 3600,
                            "how far back the baseline reaches; an hour: a surge is judged against the calm before it for half an hour"),
                    ParamSpec.seconds("warmup", 600, "history needed before judging; ten minutes hold a block or two of each kind"),
                    ParamSpec.number("factor", 8,
                            "spreads (1.4826 MAD, at least sqrt(median)) above the median that are abnormal; 8, as byte counts are burstier than event counts"),
                    ParamSpec.number("min_bytes", 8_000_000,
                            "the fewest bytes of one type and direction in an interval that can be a surge; two full 4 MB blocks, so blocks alone never are")),
            BandwidthSurge::new);

    private static final int TYPES = LabelValues.MSG_TYPES.size() + 1;
    private static final String[] DIRECTIONS = {"inbound", "outbound"};

    private final Settings settings;
    private final Alerts alerts;
    private final PerNode<Node> nodes;

    private final class Node {
        /** [direction][type]: every one from the start, so a type never seen before has a baseline (of zeros) when it surges. */
        final RateBaseline[][] bytes = new RateBaseline[2][TYPES];
        final Subject[][] subjects = new Subject[2][TYPES];

        Node(String node) {
            for (int d = 0; d < 2; d++) {
                for (int t = 0; t < TYPES; t++) {
                    bytes[d][t] = RateBaseline.of(settings, "min_bytes");
                    subjects[d][t] = Subject.of(node, "msg_type", LabelValues.msgTypeName(t) + "/" + DIRECTIONS[d]);
                }
            }
        }
    }

    private BandwidthSurge(DetectorContext ctx) {
        this.settings = ctx.settings();
        this.alerts = ctx.alerts();
        this.nodes = new PerNode<>(Node::new);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class, OutboundMessage.class, Attached.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        Node n = nodes.get(event.meta().node());
        if (event instanceof MessageEvent m) {
            n.bytes[m.inbound() ? 0 : 1][LabelValues.msgTypeIndex(m.msgType())].add(now, m.size());
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            for (int d = 0; d < 2; d++) {
                for (int t = 0; t < TYPES; t++) {
                    RateBaseline b = n.bytes[d][t];
                    switch (b.judge(now)) {
                        case ABOVE -> alerts.active(n.subjects[d][t], now,
                                Evidence.format(b.signal()) + " bytes of " + LabelValues.msgTypeName(t) + " " + DIRECTIONS[d] + " " + b.describe(),
                                b.evidence("bytes").build(), b.signal(), b.signalLimit());
                        case NORMAL -> alerts.clear(n.subjects[d][t], now, b.signal());
                        case UNDECIDED -> {
                        }
                    }
                }
            }
        }
    }
}
