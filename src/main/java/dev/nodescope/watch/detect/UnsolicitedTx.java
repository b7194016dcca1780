package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.OutboundMessage;
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
 * {@code unsolicited_tx}: a peer pushes transactions the node never asked it for. Bitcoin Core
 * only sends a tx in answer to a getdata; a peer that pushes them anyway spends the node's
 * bandwidth and validation time on its choice of transactions (spam, or probing which ones the
 * node already has).
 *
 * <p>It keeps, per peer, how many transactions the node has asked for and not yet received (the
 * transaction items of our getdata to it, less its tx and notfound answers): a tx that arrives
 * when nothing is outstanding was not asked for. Counting instead of matching hashes costs no
 * hashing per tx and holds no hashes, and catches every pushed tx except one that stands in for
 * a requested one; requests expire as Core's do (it gives up after 60 s and asks elsewhere), so
 * a peer cannot bank them. Peers connected before nodescope attached start with Core's in-flight
 * limit (100 requests) outstanding, since requests made before attaching were not seen.
 */
public final class UnsolicitedTx implements Detector {
    /** Core's MAX_PEER_TX_REQUEST_IN_FLIGHT. */
    static final int CORE_IN_FLIGHT = 100;

    public static final DetectorSpec SPEC = new DetectorSpec("unsolicited_tx",
            "A peer pushes transactions the node never requested (Bitcoin Core only sends a tx in answer to a getdata)",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(5), false, List.of(
                    ParamSpec.seconds("window", 600, "how far back unsolicited transactions are counted"),
                    ParamSpec.number("txs", 10,
                            "unsolicited transactions within the window that make an alert: Core never sends one, so a few already mean a "
                                    + "client that is not Core or an attacker; a handful of slack covers requests nodescope did not see"),
                    ParamSpec.seconds("request_timeout", 120,
                            "how long a request stays outstanding: Core asks another peer after 60 s (GETDATA_TX_INTERVAL); twice that "
                                    + "lets a slow answer count as answered")),
            UnsolicitedTx::new);

    private final DetectorContext ctx;
    private final long window;
    private final double threshold;
    private final long requestTimeout;
    private final PeerTable<Requests> peers = new PeerTable<>();
    private final List<Requests> alerting = new ArrayList<>();

    private static final class Requests {
        final String node;
        final long peerId;
        long outstanding;
        long lastRequest;
        long solicited;
        long unsolicited;
        WindowCounter recent;
        boolean alerting;

        Requests(String node, long peerId) {
            this.node = node;
            this.peerId = peerId;
        }
    }

    private UnsolicitedTx(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.threshold = s.number("txs");
        this.requestTimeout = s.nanos("request_timeout");
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class, OutboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MessageEvent m = (MessageEvent) event;
        String type = m.msgType();
        if (m instanceof OutboundMessage) {
            if (type.equals("getdata")) {
                // items beyond a cut capture count as requests: a miss would make an honest answer look pushed
                int items = Payloads.txItems(m, true);
                if (items > 0) {
                    Requests r = state(m, now);
                    r.outstanding += items;
                    r.lastRequest = now;
                }
            }
            return;
        }
        switch (type) {
            case "tx" -> tx(m, now);
            case "notfound" -> {
                Requests r = peers.get(m.meta().node(), m.peerId());
                if (r != null) {
                    r.outstanding = Math.max(0, r.outstanding - Payloads.txItems(m, false));
                }
            }
            default -> {
            }
        }
    }

    private Requests state(MessageEvent m, long now) {
        Requests r = peers.get(m.meta().node(), m.peerId());
        if (r == null) {
            r = new Requests(m.meta().node(), m.peerId());
            PeerInfo info = ctx.peers().get(m.meta().node(), m.peerId());
            if (info == null || info.openedAt() < 0) {
                r.outstanding = CORE_IN_FLIGHT; // asked before nodescope attached, for all it knows
                r.lastRequest = now;
            }
            peers.put(m.meta().node(), m.peerId(), r);
        }
        return r;
    }

    private void tx(MessageEvent m, long now) {
        Requests r = state(m, now);
        if (r.outstanding > 0 && now - r.lastRequest > requestTimeout) {
            r.outstanding = 0; // Core gave up on them long ago
        }
        if (r.outstanding > 0) {
            r.outstanding--;
            r.solicited++;
            return;
        }
        r.unsolicited++;
        if (r.recent == null) {
            r.recent = new WindowCounter(window);
        }
        r.recent.add(now, 1);
        evaluate(r, now);
    }

    private void evaluate(Requests r, long now) {
        double recent = r.recent.sum(now);
        PeerInfo info = ctx.peers().get(r.node, r.peerId);
        Subject subject = Subject.peer(r.node, r.peerId, info == null ? "" : info.addr());
        if (recent >= threshold) {
            ctx.alerts().active(subject, now,
                    PeerInfo.who(r.peerId, info) + " pushed "
                            + Evidence.format(recent) + " transactions the node had not requested within " + Durations.text(window)
                            + " (threshold " + Evidence.format(threshold) + "); " + r.unsolicited + " unsolicited and " + r.solicited
                            + " requested since it connected",
                    Evidence.builder().put("unsolicited_window", recent).put("threshold", threshold).put("unsolicited", r.unsolicited)
                            .put("requested", r.solicited).build(),
                    recent, threshold);
            if (!r.alerting) {
                r.alerting = true;
                alerting.add(r);
            }
        } else if (r.alerting) {
            ctx.alerts().clear(subject, now, recent);
        }
    }

    @Override
    public void onTick(long now) {
        for (int i = alerting.size() - 1; i >= 0; i--) {
            Requests r = alerting.get(i);
            if (!ctx.alerts().isOpen(Subject.peer(r.node, r.peerId, ""))) {
                r.alerting = false;
                alerting.remove(i);
            } else if (r.recent.sum(now) < threshold) {
                evaluate(r, now);
            }
        }
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        Requests r = peers.remove(peer.node(), peer.peerId());
        if (r != null && r.alerting) {
            alerting.remove(r);
        }
    }
}
