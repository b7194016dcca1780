package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Severity;
import dev.nodescope.node.PeerKey;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import dev.nodescope.watch.WindowCounter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code misbehaving}: several peers punished by Bitcoin Core ({@code net:misbehaving_connection})
 * within a window. One misbehaving peer is routine (Core discourages and, since v28, disconnects
 * it: it has dealt with it), so it is no alert; a burst of them is an attack under way or a buggy
 * release spreading, and is an alert about the node. Oversized addr messages have their own
 * detector ({@code addr_oversized}). With {@code per_peer: 1} each misbehaving peer is also an
 * alert of its own, at once, resolved when the peer is gone.
 */
public final class Misbehaving implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("misbehaving",
            "many peers punished by Bitcoin Core for breaking the protocol within a short time: an attack under way or a buggy release",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(10), false, List.of(
                    ParamSpec.seconds("window", 600, "how far back misbehaviours are counted; 10 minutes spans a burst of reconnects"),
                    ParamSpec.number("node_burst", 10,
                            "misbehaviours within the window that make it an alert; a healthy mainnet node sees a few an hour"),
                    ParamSpec.number("per_peer", 0,
                            "1: also an alert about each misbehaving peer, at once, resolved when it is gone; off by default, since Core has dealt with it")),
            Misbehaving::new);

    private final DetectorContext ctx;
    private final long window;
    private final double burst;
    /** Misbehaviours per node (a fleet has several; bounded by the nodes watched). */
    private final Map<String, WindowCounter> perNode = new HashMap<>();
    /** With per_peer: misbehaviours of each connected peer that misbehaved (dropped when it leaves). */
    private final Map<PeerKey, Integer> perPeer = new HashMap<>();
    private final boolean alertPerPeer;

    private Misbehaving(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.burst = s.number("node_burst");
        this.alertPerPeer = s.number("per_peer") >= 1;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(MisbehavingConnection.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MisbehavingConnection m = (MisbehavingConnection) event;
        String node = m.meta().node();
        WindowCounter all = perNode.computeIfAbsent(node, n -> new WindowCounter(window));
        all.add(now, 1);
        PeerInfo p = ctx.peers().get(node, m.peerId());
        if (alertPerPeer) {
            int n = perPeer.merge(new PeerKey(node, m.peerId()), 1, Integer::sum);
            String addr = p == null ? "" : p.addr();
            ctx.alerts().active(Subject.peer(node, m.peerId(), addr), now,
                    PeerInfo.who(m.peerId(), p) + " misbehaved: " + m.reason()
                            + (n > 1 ? " (" + n + " times)" : ""),
                    Evidence.builder().put("misbehaviours", n).build(), n, 1);
        }
        double recent = all.sum(now);
        if (recent >= burst) {
            ctx.alerts().active(Subject.node(node), now,
                    Evidence.format(recent) + " misbehaviours within " + Durations.text(window) + " (threshold " + Evidence.format(burst)
                            + "), the last by " + PeerInfo.who(m.peerId(), p) + ": "
                            + m.reason(),
                    Evidence.builder().put("misbehaviours", recent).put("threshold", burst).build(), recent, burst);
        }
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        if (!perPeer.isEmpty()) {
            perPeer.remove(new PeerKey(peer.node(), peer.peerId()));
        }
    }

    @Override
    public void onTick(long now) {
        for (Map.Entry<String, WindowCounter> e : perNode.entrySet()) {
            Subject node = Subject.node(e.getKey());
            if (ctx.alerts().isOpen(node)) {
                double recent = e.getValue().sum(now);
                if (recent < burst) {
                    ctx.alerts().clear(node, now, recent);
                }
            }
        }
    }
}
