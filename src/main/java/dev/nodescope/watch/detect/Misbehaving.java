package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.Detector;
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
 * {@code misbehaving}: Bitcoin Core punished a peer ({@code net:misbehaving_connection}; since v28
 * every misbehaviour discourages the peer and disconnects it). One alert per peer, at once, which
 * resolves when the peer is gone; and one about the node when several peers misbehave within a
 * window, which is an attack or a bug spreading rather than one bad peer.
 */
public final class Misbehaving implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("misbehaving",
            "Bitcoin Core punished a peer for breaking the protocol (it is discouraged and disconnected); many at once is an attack or a buggy release",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(10), false, List.of(
                    ParamSpec.seconds("window", 600, "how far back misbehaviours are counted; 10 minutes spans a burst of reconnects"),
                    ParamSpec.number("node_burst", 5,
                            "misbehaving peers within the window that make it an alert about the node; a healthy mainnet node sees a few a day")),
            Misbehaving::new);

    private final DetectorContext ctx;
    private final long window;
    private final double burst;
    private final WindowCounter all;
    /** Misbehaviours per connected peer that misbehaved, with the last reason. */
    private final Map<dev.nodescope.node.PeerKey, String> lastReason = new HashMap<>();
    private final Map<dev.nodescope.node.PeerKey, Integer> perPeer = new HashMap<>();
    private String node = "";

    private Misbehaving(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.burst = s.number("node_burst");
        this.all = new WindowCounter(window);
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(MisbehavingConnection.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MisbehavingConnection m = (MisbehavingConnection) event;
        node = m.meta().node();
        PeerInfo p = ctx.peers().get(node, m.peerId());
        String addr = p == null ? "" : p.addr();
        int n = perPeer.merge(new dev.nodescope.node.PeerKey(node, m.peerId()), 1, Integer::sum);
        lastReason.put(new dev.nodescope.node.PeerKey(node, m.peerId()), m.reason());
        all.add(now, 1);
        ctx.alerts().active(Subject.peer(node, m.peerId(), addr), now,
                "peer " + m.peerId() + (addr.isEmpty() ? "" : " (" + addr + (p == null ? "" : ", " + p.connType()) + ")")
                        + " misbehaved: " + m.reason() + (n > 1 ? " (" + n + " times)" : "") + seeAlso(m.reason()),
                Evidence.builder().put("misbehaviours", n).build(), n, 1);
        double recent = all.sum(now);
        if (recent >= burst) {
            ctx.alerts().active(Subject.node(node), now,
                    Evidence.format(recent) + " misbehaviours within " + dev.nodescope.watch.Durations.text(window) + " (threshold "
                            + Evidence.format(burst) + "), last: " + m.reason(),
                    Evidence.builder().put("misbehaviours", recent).put("threshold", burst).build(), recent, burst);
        }
    }

    /** Where another detector reports the same incident from the message itself, say so: one incident, two views. */
    private static String seeAlso(String reason) {
        return reason.startsWith("addr message size = ") || reason.startsWith("addrv2 message size = ")
                ? " (see addr_oversized for the message)" : "";
    }

    @Override
    public void onTick(long now) {
        if (!node.isEmpty() && ctx.alerts().isOpen(Subject.node(node))) {
            double recent = all.sum(now);
            if (recent < burst) {
                ctx.alerts().clear(Subject.node(node), now, recent);
            }
        }
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        perPeer.remove(new dev.nodescope.node.PeerKey(peer.node(), peer.peerId()));
        lastReason.remove(new dev.nodescope.node.PeerKey(peer.node(), peer.peerId()));
    }
}
