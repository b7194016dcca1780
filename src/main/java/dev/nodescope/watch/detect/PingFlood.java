package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import dev.nodescope.watch.WindowCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ping_flood}: a peer pings far more often than Bitcoin Core does (one ping every two
 * minutes, PING_INTERVAL, plus one per {@code ping} RPC its operator runs). Each ping costs the
 * node a pong and a wake-up of its message thread; a flood of them is a cheap way to load it.
 */
public final class PingFlood implements Detector {
    /** Core's PING_INTERVAL. */
    static final long CORE_PING_INTERVAL_SECONDS = 120;

    public static final DetectorSpec SPEC = new DetectorSpec("ping_flood",
            "A peer pings far more often than Bitcoin Core does (every 2 minutes): a cheap way to keep the node's message thread busy",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(2), false, List.of(
                    ParamSpec.seconds("window", 600, "how far back pings are counted; 10 minutes hold 5 of Core's pings"),
                    ParamSpec.number("pings", 60,
                            "pings within the window that make an alert: 12 times Core's rate, room for a peer's operator running the ping RPC")),
            PingFlood::new);

    private final DetectorContext ctx;
    private final long window;
    private final double threshold;
    private final PeerTable<Pings> peers = new PeerTable<>();
    private final List<Pings> alerting = new ArrayList<>();

    private static final class Pings {
        final String node;
        final long peerId;
        final WindowCounter window;
        long total;
        boolean alerting;

        Pings(String node, long peerId, long window) {
            this.node = node;
            this.peerId = peerId;
            this.window = new WindowCounter(window);
        }
    }

    private PingFlood(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.threshold = s.number("pings");
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MessageEvent m = (MessageEvent) event;
        if (!m.msgType().equals("ping")) {
            return;
        }
        String node = m.meta().node();
        Pings p = peers.get(node, m.peerId());
        if (p == null) {
            p = new Pings(node, m.peerId(), window);
            peers.put(node, m.peerId(), p);
        }
        p.total++;
        p.window.add(now, 1);
        evaluate(p, now);
    }

    private void evaluate(Pings p, long now) {
        double recent = p.window.sum(now);
        PeerInfo info = ctx.peers().get(p.node, p.peerId);
        Subject subject = Subject.peer(p.node, p.peerId, info == null ? "" : info.addr());
        if (recent >= threshold) {
            double perCore = recent / (window / 1e9 / CORE_PING_INTERVAL_SECONDS);
            ctx.alerts().active(subject, now,
                    PeerInfo.who(p.peerId, info) + " sent "
                            + Evidence.format(recent) + " pings within " + Durations.text(window) + " (threshold " + Evidence.format(threshold)
                            + "; Bitcoin Core sends one every 2m), " + Math.round(perCore) + " times Core's rate",
                    Evidence.builder().put("pings_window", recent).put("threshold", threshold).put("pings_total", p.total)
                            .put("core_rate_multiple", Math.round(perCore)).build(),
                    recent, threshold);
            if (!p.alerting) {
                p.alerting = true;
                alerting.add(p);
            }
        } else if (p.alerting) {
            ctx.alerts().clear(subject, now, recent);
        }
    }

    @Override
    public void onTick(long now) {
        for (int i = alerting.size() - 1; i >= 0; i--) {
            Pings p = alerting.get(i);
            if (!ctx.alerts().isOpen(Subject.peer(p.node, p.peerId, ""))) {
                p.alerting = false;
                alerting.remove(i);
            } else if (p.window.sum(now) < threshold) {
                evaluate(p, now);
            }
        }
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        Pings p = peers.remove(peer.node(), peer.peerId());
        if (p != null && p.alerting) {
            alerting.remove(p);
        }
    }
}
