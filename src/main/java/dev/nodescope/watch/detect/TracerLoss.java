package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Severity;
import dev.nodescope.stream.LossStage;
import dev.nodescope.watch.Alerts;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PerNode;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.List;

/**
 * {@code tracer_loss}: nodescope itself is losing events ({@code nodescope:loss}): the watchdog is
 * blind to part of what the node does, and every other detector may be missing what it looks for. It
 * fires at once and resolves after its clear time without a loss. Every stage counts except {@code
 * truncated}: a payload cut at the limit nodescope chose (64 KB under watch: every block) arrives with
 * its head, which is all any detector reads, so nothing is hidden.
 */
public final class TracerLoss implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("tracer_loss",
            "nodescope is losing events or payloads (ring buffer full, unreadable fields, undecodable records): the watchdog is partly blind",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(1), false, List.of(
                    ParamSpec.number("min_lost", 1,
                            "losses in one report (nodescope reports them once a second) that make the watchdog blind; any loss is")),
            TracerLoss::new);

    /** Losses are reported at most once a second: a second without one is not yet the end of them. */
    private static final long QUIET_NANOS = 2_000_000_000L;
    private static final LossStage[] STAGES = LossStage.values();

    private final Alerts alerts;
    private final double minLost;
    private final PerNode<Node> nodes;

    private static final class Node {
        final Subject subject;
        /** Losses per stage since the alert began. */
        final long[] lost = new long[STAGES.length];
        long lastLoss = -1;

        Node(String node) {
            subject = Subject.node(node);
        }
    }

    private TracerLoss(DetectorContext ctx) {
        this.alerts = ctx.alerts();
        this.minLost = ctx.settings().number("min_lost");
        this.nodes = new PerNode<>(Node::new);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(Loss.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        Loss loss = (Loss) event;
        LossStage stage = LossStage.byName(loss.stage()).orElse(null);
        if (stage == LossStage.TRUNCATED || loss.count() < minLost || loss.count() <= 0) {
            return;
        }
        Node n = nodes.get(loss.meta().node());
        if (!alerts.isOpen(n.subject)) {
            java.util.Arrays.fill(n.lost, 0);
        }
        if (stage != null) {
            n.lost[stage.ordinal()] += loss.count();
        }
        n.lastLoss = now;
        StringBuilder summary = new StringBuilder("nodescope lost ").append(loss.count()).append(' ')
                .append(stage == null || stage.eventLost() ? "events" : "payloads or fields").append(" (").append(loss.stage());
        if (!"*".equals(loss.tracepoint())) {
            summary.append(", ").append(loss.tracepoint());
        }
        summary.append("): the watchdog is blind to part of what the node does");
        Evidence.Builder evidence = Evidence.builder().put("lost", loss.count());
        long total = 0;
        for (LossStage s : STAGES) {
            if (n.lost[s.ordinal()] > 0) {
                evidence.put(s.jsonName(), n.lost[s.ordinal()]);
                total += n.lost[s.ordinal()];
            }
        }
        if (total > loss.count()) {
            summary.append("; ").append(total).append(" lost since ").append("the alert began");
        }
        alerts.active(n.subject, now, summary.toString(), evidence.put("threshold", minLost).build(), loss.count(), minLost);
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            if (n.lastLoss >= 0 && now - n.lastLoss >= QUIET_NANOS && alerts.isOpen(n.subject)) {
                alerts.clear(n.subject, now, 0);
            }
        }
    }
}
