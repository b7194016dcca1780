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
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PerNode;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.List;

/**
 * {@code fleet_tip_lag}: a node of a fleet whose tip ({@code block_connected} height) stays behind
 * the fleet's best by {@code blocks} or more. Its peers are not giving it blocks the other nodes have
 * (cut off, eclipsed), or it is stuck validating. A node is part of the fleet from its first block; a
 * detached node leaves it. Only for fleets: one node has no one to lag behind. Subject
 * {@code node:NAME}, on that node.
 */
public final class FleetTipLag implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("fleet_tip_lag",
            "a node whose tip stays blocks behind the fleet's best: cut off, eclipsed or stuck while the other nodes move on",
            Severity.WARNING, Duration.ofMinutes(10), Duration.ZERO, false, List.of(
                    ParamSpec.number("blocks", 2,
                            "blocks behind the fleet's best that count as lagging: one block behind is every node for the seconds a block "
                                    + "takes to reach it, and a race between two blocks at one height leaves nodes on either for a while")),
            FleetTipLag::new);

    /** Nodes followed at most (a bound on memory). */
    static final int MAX_NODES = 1024;

    private final Alerts alerts;
    private final double blocks;
    private final PerNode<Node> nodes = new PerNode<>(Node::new);

    private static final class Node {
        final String name;
        final Subject subject;
        /** -1 until its first block. */
        int height = -1;
        boolean lagging;

        Node(String name) {
            this.name = name;
            this.subject = Subject.of(name, "node", name);
        }
    }

    private FleetTipLag(DetectorContext ctx) {
        this.alerts = ctx.alerts();
        this.blocks = ctx.settings().number("blocks");
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(BlockConnected.class, Detached.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        switch (event) {
            case BlockConnected b -> {
                if (nodes.all().size() >= MAX_NODES && nodes.all().stream().noneMatch(n -> n.name.equals(b.meta().node()))) {
                    return;
                }
                nodes.get(b.meta().node()).height = b.height();
                evaluate(now);
            }
            case Detached d -> {
                for (Node n : nodes.all()) {
                    if (n.name.equals(d.meta().node())) {
                        alerts.gone(n.subject, now, "nodescope detached (" + d.reason() + ")");
                        nodes.remove(n.name);
                        evaluate(now);
                        return;
                    }
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (Node n : nodes.all()) {
            if (n.lagging) {
                evaluate(now); // a pending alert fires once it has held its for time
                return;
            }
        }
    }

    private void evaluate(long now) {
        List<Node> all = nodes.all();
        Node best = null;
        for (Node n : all) {
            if (n.height >= 0 && (best == null || n.height > best.height)) {
                best = n;
            }
        }
        for (Node n : all) {
            int behind = best == null || n.height < 0 ? 0 : best.height - n.height;
            if (all.size() >= 2 && behind >= blocks) {
                n.lagging = true;
                alerts.active(n.subject, now, n.name + " is " + behind + " blocks behind the fleet's best: its tip at height " + n.height
                                + ", " + best.name + " at " + best.height + " (threshold " + Evidence.format(blocks) + ", " + all.size() + " nodes)",
                        Evidence.builder().put("blocks_behind", behind).put("threshold", blocks).put("height", n.height)
                                .put("best_height", best.height).put("nodes", all.size()).build(),
                        behind, blocks);
            } else if (n.lagging) {
                n.lagging = false;
                alerts.clear(n.subject, now, behind);
            }
        }
    }
}
