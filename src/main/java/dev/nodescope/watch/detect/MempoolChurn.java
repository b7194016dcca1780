package dev.nodescope.watch.detect;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolReplaced;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mempool_churn}: transactions rejected per interval, per reject reason (subject {@code
 * rejected:<reason>}), or replaced ({@code replacements}), far above their own baseline. A burst of
 * one reason is someone spamming invalid or underpaying transactions at the node (or a fee spike
 * when it is {@code mempool min fee not met}); a burst of replacements is RBF churn, a pinning or a
 * bandwidth-wasting attack. The reasons are metrics' bounded vocabulary ({@link
 * LabelValues#REJECT_REASONS}) plus {@code other}.
 */
public final class MempoolChurn implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("mempool_churn",
            "transactions rejected (per reason) or replaced per interval far above their recent baseline: spam, an RBF war, or a fee spike",
            Severity.INFO, Duration.ofMinutes(1), Duration.ofMinutes(5), true, List.of(
                    ParamSpec.seconds("interval", 60, "the interval counted; a minute holds a few rejections on a calm node"),
                    ParamSpec.seconds("baseline", 3600,
                            "how far back the baseline reaches; an hour: a burst is judged against the calm before it for half an hour"),
                    ParamSpec.seconds("warmup", 600, "history needed before judging; ten minutes hold a block's worth of mempool traffic"),
                    ParamSpec.number("factor", 6,
                            "spreads (1.4826 MAD, at least the Poisson sqrt(median)) above the median that are abnormal; 6 is beyond any calm minute"),
                    ParamSpec.number("min_count", 30,
                            "the fewest rejections of one reason (or replacements) in an interval that can be a burst; one every two seconds")),
            MempoolChurn::new);

    private static final List<String> REASONS;
    private static final Map<String, Integer> REASON_INDEX = new HashMap<>();

    static {
        List<String> reasons = new java.util.ArrayList<>(LabelValues.REJECT_REASONS.stream().sorted().toList());
        reasons.add(LabelValues.OTHER);
        REASONS = List.copyOf(reasons);
        for (int i = 0; i < REASONS.size(); i++) {
            REASON_INDEX.put(REASONS.get(i), i);
        }
    }

    private final Settings settings;
    private final Alerts alerts;
    private final PerNode<Node> nodes;

    private final class Node {
        /** Every reason from the start, so a reason never seen before has a baseline (of zeros) when it bursts. */
        final RateBaseline[] rejected = new RateBaseline[REASONS.size()];
        final Subject[] rejectedSubjects = new Subject[REASONS.size()];
        final RateBaseline replaced = RateBaseline.of(settings, "min_count");
        final Subject replacedSubject;
        /** The last reason as the node wrote it and its index (a burst repeats one reason). */
        String lastReason;
        int lastIndex;

        Node(String node) {
            for (int i = 0; i < rejected.length; i++) {
                rejected[i] = RateBaseline.of(settings, "min_count");
                rejectedSubjects[i] = Subject.of(node, "rejected", REASONS.get(i));
            }
            replacedSubject = new Subject(node, "replacements", -1, "");
        }

        int reasonIndex(String reason) {
            if (!reason.equals(lastReason)) {
                lastIndex = REASON_INDEX.get(LabelValues.rejectReason(reason));
                lastReason = reason;
            }
            return lastIndex;
        }
    }

    private MempoolChurn(DetectorContext ctx) {
        this.settings = ctx.settings();
        this.alerts = ctx.alerts();
        this.nodes = new PerNode<>(Node::new);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        // attached and blocks only make the node known, so that its baselines learn before the first rejection
        return List.of(MempoolRejected.class, MempoolReplaced.class, Attached.class, BlockConnected.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        Node n = nodes.get(event.meta().node());
        switch (event) {
            case MempoolRejected r -> n.rejected[n.reasonIndex(r.reason())].add(now, 1);
            case MempoolReplaced _ -> n.replaced.add(now, 1);
            default -> {
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            for (int i = 0; i < n.rejected.length; i++) {
                judge(n.rejected[i], n.rejectedSubjects[i], now, i);
            }
            judge(n.replaced, n.replacedSubject, now, -1);
        }
    }

    /** {@code reason}: the index of the reject reason, -1 for replacements. */
    private void judge(RateBaseline b, Subject subject, long now, int reason) {
        switch (b.judge(now)) {
            case ABOVE -> alerts.active(subject, now,
                    Math.round(b.signal()) + (reason < 0 ? " transactions replaced " : " transactions rejected (" + REASONS.get(reason) + ") ")
                            + b.describe(), b.evidence(reason < 0 ? "replacements" : "rejections").build(), b.signal(), b.signalLimit());
            case NORMAL -> alerts.clear(subject, now, b.signal());
            case UNDECIDED -> {
            }
        }
    }
}
