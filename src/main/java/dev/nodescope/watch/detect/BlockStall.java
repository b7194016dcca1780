package dev.nodescope.watch.detect;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.Alerts;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PerNode;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import dev.nodescope.watch.WindowCounter;
import java.time.Duration;
import java.util.List;

/**
 * {@code block_stall}: no new block for much longer than the chain's spacing makes likely. Blocks are
 * found as a Poisson process, so the chance that none comes within {@code t} of the last is {@code
 * exp(-t / spacing)}; the alert fires once that chance falls below {@code probability}, i.e. after
 * {@code spacing * ln(1 / probability)} (1h55m on mainnet under the defaults), not at a fixed timeout.
 * It is armed by the first {@code block_connected} nodescope sees (before that it knows nothing of the
 * chain: a regtest node that never mines never raises it), held while the node is syncing, and
 * resolves at the next block.
 *
 * <p>Syncing is read from the block rate alone: at least {@code sync_blocks} blocks connected within
 * the last {@code spacing}. A node at the tip sees six blocks in one spacing with Poisson probability
 * 0.06%; a node in initial sync or catching up after downtime connects hundreds a minute. While it
 * syncs its blocks come at the pace of its downloads, which the chain's spacing says nothing about.
 */
public final class BlockStall implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("block_stall",
            "no new block for much longer than the chain's spacing makes likely (Poisson tail): the node is cut off, eclipsed, or stuck",
            Severity.WARNING, Duration.ZERO, Duration.ZERO, false, List.of(
                    ParamSpec.seconds("spacing", 600, "the chain's mean block interval: ten minutes on mainnet, testnet, signet and regtest"),
                    ParamSpec.number("probability", 1e-5,
                            "fire when the chance of so long a gap without a block is below this: 1e-5 waits 11.5 spacings (1h55m on mainnet), "
                                    + "which a healthy node sees about once in two years (52,560 blocks a year)"),
                    ParamSpec.number("sync_blocks", 6,
                            "blocks within one spacing that mean the node is syncing (0.06% likely at the tip), which holds the alert")),
            BlockStall::new);

    private final Alerts alerts;
    private final long spacing;
    private final double probability;
    /** spacing * ln(1 / probability): the gap after which the chance of no block falls below probability. */
    private final long stallNanos;
    private final double syncBlocks;
    private final PerNode<Node> nodes;

    private final class Node {
        final Subject subject;
        final WindowCounter recent = new WindowCounter(spacing);
        /** The last block's time, -1 until the first (not armed). */
        long lastBlock = -1;
        int lastHeight;

        Node(String node) {
            subject = Subject.node(node);
        }
    }

    private BlockStall(DetectorContext ctx) {
        Settings s = ctx.settings();
        this.alerts = ctx.alerts();
        this.spacing = Math.max(1, s.nanos("spacing"));
        this.probability = s.number("probability");
        this.stallNanos = stallNanos(spacing, probability);
        this.syncBlocks = s.number("sync_blocks");
        this.nodes = new PerNode<>(Node::new);
    }

    /** The gap without a block whose Poisson probability, exp(-gap / spacing), is {@code probability}. */
    public static long stallNanos(long spacingNanos, double probability) {
        if (probability <= 0) {
            return Long.MAX_VALUE; // never that unlikely
        }
        return probability >= 1 ? 0 : Math.round(spacingNanos * Math.log(1 / probability));
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(BlockConnected.class, Detached.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        switch (event) {
            case BlockConnected b -> {
                Node n = nodes.get(b.meta().node());
                n.lastBlock = now;
                n.lastHeight = b.height();
                n.recent.add(now, 1);
                if (alerts.isOpen(n.subject)) {
                    // the next block ends a stall at once, whatever the clear time
                    alerts.gone(n.subject, now, "block " + b.height() + " connected");
                }
            }
            case Detached d -> {
                // a stopped node is not a stalled one: disarmed until its next block
                Node n = nodes.get(d.meta().node());
                alerts.gone(n.subject, now, "nodescope detached (" + d.reason() + ")");
                nodes.remove(d.meta().node());
            }
            default -> {
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            if (n.lastBlock < 0) {
                continue;
            }
            long gap = now - n.lastBlock;
            if (gap <= stallNanos) {
                continue;
            }
            if (n.recent.sum(now) >= syncBlocks) {
                // syncing: held. Only reachable when the threshold is shorter than one spacing (probability above 1/e):
                // a longer gap leaves no block in the last spacing
                continue;
            }
            double chance = Math.exp(-(double) gap / spacing);
            alerts.active(n.subject, now, "no block for " + Durations.text(gap) + " since height " + n.lastHeight + ": " + chanceText(chance)
                            + " at one block per " + Durations.text(spacing) + " (threshold " + Durations.text(stallNanos) + ", probability "
                            + probability + ")",
                    Evidence.builder().put("seconds_since_block", Math.round(gap / 1e8) / 10.0).put("threshold_seconds", Math.round(stallNanos / 1e8) / 10.0)
                            .put("probability", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", chance))).put("threshold_probability", probability).put("height", n.lastHeight).build(),
                    gap / 1e9, stallNanos / 1e9);
        }
    }

    private static String chanceText(double chance) {
        return "a chance of " + String.format(java.util.Locale.ROOT, "%.2g", chance);
    }
}
