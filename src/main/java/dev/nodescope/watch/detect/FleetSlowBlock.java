package dev.nodescope.watch.detect;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import dev.nodescope.fleet.BlockPropagation;
import dev.nodescope.watch.Alerts;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PerNode;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.List;

/**
 * {@code fleet_slow_block}: a node of a fleet that connects blocks more than {@code delay} after the
 * fleet's first node, for {@code slow_blocks} of its last {@code of_blocks} blocks ({@link
 * BlockPropagation}: judged as each block completes). Not lagging (it gets every block), but late:
 * poor peers, no high-bandwidth compact-block peers, or a slow machine. Subject {@code node:NAME},
 * on that node; resolves once fewer of its last blocks were slow.
 */
public final class FleetSlowBlock implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("fleet_slow_block",
            "a node that connects most recent blocks long after the fleet's first node did: poor peers or a slow machine",
            Severity.INFO, Duration.ZERO, Duration.ZERO, false, List.of(
                    ParamSpec.seconds("delay", 30,
                            "a block is slow on a node this long after the first node connected it: compact blocks reach a well-connected "
                                    + "node within seconds, so 30 s means a full download or a slow peer"),
                    ParamSpec.number("slow_blocks", 3, "slow blocks among the last of_blocks that make an alert: one is a slow peer or a big block"),
                    ParamSpec.number("of_blocks", 6, "the node's last blocks judged (an hour of mainnet blocks)")),
            FleetSlowBlock::new);

    /** The most blocks judged per node (of_blocks is capped to it). */
    static final int MAX_OF_BLOCKS = 100;

    private final Alerts alerts;
    private final long delay;
    private final int slowBlocks;
    private final int ofBlocks;
    private final PerNode<Node> nodes;
    private final BlockPropagation propagation;
    /** The time of the event or tick being handled: when a block completes, its nodes are judged then. */
    private long now;

    private final class Node {
        final String name;
        final Subject subject;
        /** The last blocks' delays (ns), a ring of ofBlocks. */
        final long[] delays = new long[ofBlocks];
        int judged;

        Node(String name) {
            this.name = name;
            this.subject = Subject.of(name, "node", name);
        }

        int slow() {
            int n = 0;
            for (int i = 0; i < Math.min(judged, ofBlocks); i++) {
                if (delays[i] > delay) {
                    n++;
                }
            }
            return n;
        }
    }

    private FleetSlowBlock(DetectorContext ctx) {
        Settings s = ctx.settings();
        this.alerts = ctx.alerts();
        this.delay = s.nanos("delay");
        this.slowBlocks = (int) Math.max(1, s.number("slow_blocks"));
        this.ofBlocks = (int) Math.max(1, Math.min(MAX_OF_BLOCKS, s.number("of_blocks")));
        this.nodes = new PerNode<>(Node::new);
        this.propagation = new BlockPropagation(new BlockPropagation.Listener() {
            @Override
            public void complete(BlockPropagation.Block block) {
                judge(block);
            }
        });
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(Attached.class, BlockConnected.class, Detached.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        this.now = now;
        switch (event) {
            case Attached a -> propagation.joined(a.meta().node());
            case BlockConnected b -> propagation.connected(b.meta().node(), b.hash(), b.height(), now);
            case Detached d -> {
                propagation.detached(d.meta().node(), now);
                alerts.gone(nodes.get(d.meta().node()).subject, now, "nodescope detached (" + d.reason() + ")");
                nodes.remove(d.meta().node());
            }
            default -> {
            }
        }
    }

    @Override
    public void onTick(long now) {
        this.now = now;
        propagation.expire(now); // a block some node never connects is judged once its time is up
    }

    private void judge(BlockPropagation.Block block) {
        for (BlockPropagation.Arrival a : block.arrivals()) {
            judge(nodes.get(a.node()), block, a.delayNanos());
        }
        for (String name : propagation.nodes()) {
            if (block.arrivals().stream().noneMatch(a -> a.node().equals(name))) {
                judge(nodes.get(name), block, Long.MAX_VALUE); // not connected in time: as late as can be
            }
        }
    }

    private void judge(Node n, BlockPropagation.Block block, long delayNanos) {
        n.delays[n.judged++ % ofBlocks] = delayNanos;
        int slow = n.slow();
        int of = Math.min(n.judged, ofBlocks);
        if (slow >= slowBlocks) {
            String late = delayNanos == Long.MAX_VALUE ? "not connected within " + Durations.text(BlockPropagation.TIMEOUT_NANOS)
                    : Durations.text(delayNanos) + " after " + block.arrivals().getFirst().node();
            Evidence.Builder evidence = Evidence.builder().put("slow_blocks", slow).put("of_blocks", of).put("threshold", slowBlocks)
                    .put("threshold_seconds", delay / 1e9);
            if (delayNanos != Long.MAX_VALUE) {
                evidence.put("last_delay_seconds", Math.round(delayNanos / 1e8) / 10.0);
            }
            alerts.active(n.subject, now, n.name + " connected " + slow + " of its last " + of + " blocks more than " + Durations.text(delay)
                    + " after the fleet's first node (threshold " + slowBlocks + "); block " + block.height() + " " + late, evidence.build(),
                    slow, slowBlocks);
        } else {
            alerts.clear(n.subject, now, slow);
        }
    }
}
