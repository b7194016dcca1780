package dev.nodescope.watch.detect;

import dev.nodescope.addrman.Netgroups;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spy_peer}: peers that take more than they give, the way transaction-origin spies and
 * address harvesters behave. Three signs:
 * <ul>
 *   <li><b>greedy</b> (about the peer): it requests many more transactions (getdata) than it
 *       announces (inv); an honest peer learns most transactions elsewhere and announces them;</li>
 *   <li><b>silent</b> (about the peer): the node has announced many transactions to it and it has
 *       announced none back, nor sent any;</li>
 *   <li><b>learn and leave</b> (about its netgroup): inbound connections that ask for addresses
 *       (getaddr) and leave within a minute, repeatedly from one netgroup: address harvesting
 *       from a few networks (one crawler visit is routine and raises nothing).</li>
 * </ul>
 * Only transaction items count (block requests of a syncing peer are no sign), read from the
 * payload without decoding; block-relay-only connections, which relay no transactions, are left out.
 */
public final class SpyPeer implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("spy_peer",
            "A peer requests far more transactions than it announces, never announces any, or (from one netgroup, repeatedly) "
                    + "connects, asks for addresses and leaves: transaction-origin spying or address harvesting",
            Severity.INFO, Duration.ZERO, Duration.ofMinutes(10), false, List.of(
                    ParamSpec.number("min_requests", 500,
                            "transactions a peer must have requested before the greedy rule judges it: a few hundred is minutes of "
                                    + "mainnet traffic"),
                    ParamSpec.number("request_ratio", 10,
                            "requested / announced transactions that make a peer greedy: honest peers announce about as many as they "
                                    + "request (a leaf node with the watched node as its only peer is the exception)"),
                    ParamSpec.number("min_announced_to", 1000,
                            "transactions the node must have announced to a peer that has announced none before the silent rule fires"),
                    ParamSpec.seconds("leave_within", 60, "an inbound connection that sent getaddr and closed within this is a learn-and-leave visit"),
                    ParamSpec.seconds("window", 600, "how far back learn-and-leave visits are counted per netgroup"),
                    ParamSpec.number("visits", 10,
                            "learn-and-leave visits from one netgroup within the window that make an alert: a crawler visits every few minutes"),
                    ParamSpec.number("include_unroutable", 0,
                            "1 to count visits from unroutable addresses (loopback, private, Tor and I2P inbound, which Core lumps in one "
                                    + "group); off by default because they cannot be told apart")),
            SpyPeer::new);

    /** Netgroups tracked at once (a bound on memory under a flood of visitors from everywhere). */
    static final int MAX_NETGROUPS = 4096;

    private final DetectorContext ctx;
    private final double minRequests;
    private final double ratio;
    private final double minAnnouncedTo;
    private final long leaveWithin;
    private final long window;
    private final double visitsThreshold;
    private final boolean includeUnroutable;
    private final PeerTable<Traffic> peers = new PeerTable<>();
    private final Map<String, Visits> netgroups = new LinkedHashMap<>();
    private final List<Visits> alertingGroups = new ArrayList<>();

    private static final class Traffic {
        long txAnnounced;
        long txRequested;
        long txSent;
        long txAnnouncedTo;
        boolean getaddr;
        boolean greedy;
        boolean silent;
    }

    private static final class Visits {
        final String node;
        final String netgroup;
        final WindowCounter recent;
        long total;
        boolean alerting;

        Visits(String node, String netgroup, long window) {
            this.node = node;
            this.netgroup = netgroup;
            this.recent = new WindowCounter(window);
        }
    }

    private SpyPeer(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.minRequests = s.number("min_requests");
        this.ratio = s.number("request_ratio");
        this.minAnnouncedTo = s.number("min_announced_to");
        this.leaveWithin = s.nanos("leave_within");
        this.window = s.nanos("window");
        this.visitsThreshold = s.number("visits");
        this.includeUnroutable = s.number("include_unroutable") >= 1;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class, OutboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MessageEvent m = (MessageEvent) event;
        String type = m.msgType();
        boolean in = m instanceof InboundMessage;
        switch (type) {
            case "inv" -> {
                int items = Payloads.txItems(m, false);
                if (items > 0 && !m.connType().equals("block-relay-only")) {
                    Traffic t = traffic(m);
                    if (in) {
                        t.txAnnounced += items;
                        if ((t.greedy || t.silent) && !greedy(t)) {
                            // it relays after all: neither sign holds any more
                            t.greedy = false;
                            t.silent = false;
                            ctx.alerts().clear(Subject.peer(m.meta().node(), m.peerId(), ""), now, t.txAnnounced);
                        }
                    } else {
                        t.txAnnouncedTo += items;
                        if (t.txAnnounced == 0 && t.txSent == 0 && !t.silent && t.txAnnouncedTo >= minAnnouncedTo) {
                            t.silent = true;
                            raise(m, now, t, false);
                        }
                    }
                }
            }
            case "getdata" -> {
                if (in) {
                    int items = Payloads.txItems(m, false);
                    if (items > 0) {
                        Traffic t = traffic(m);
                        t.txRequested += items;
                        if (!t.greedy && greedy(t)) {
                            t.greedy = true;
                            raise(m, now, t, true);
                        }
                    }
                }
            }
            case "tx" -> {
                if (in) {
                    traffic(m).txSent++;
                }
            }
            case "getaddr" -> {
                if (in && m.connType().equals("inbound")) {
                    traffic(m).getaddr = true;
                }
            }
            default -> {
            }
        }
    }

    private boolean greedy(Traffic t) {
        return t.txRequested >= minRequests && t.txRequested >= ratio * Math.max(1, t.txAnnounced);
    }

    private Traffic traffic(MessageEvent m) {
        Traffic t = peers.get(m.meta().node(), m.peerId());
        if (t == null) {
            t = new Traffic();
            peers.put(m.meta().node(), m.peerId(), t);
        }
        return t;
    }

    /** A per-peer sign: the alert stays until the peer leaves, or until it announces enough that neither sign holds. */
    private void raise(MessageEvent m, long now, Traffic t, boolean greedy) {
        String node = m.meta().node();
        PeerInfo info = ctx.peers().get(node, m.peerId());
        String who = PeerInfo.who(m.peerId(), info);
        String summary = greedy
                ? who + " requested " + t.txRequested + " transactions and announced " + t.txAnnounced + " (ratio threshold "
                        + Evidence.format(ratio) + "): it collects transactions without relaying them"
                : who + " was announced " + t.txAnnouncedTo + " transactions and has announced or sent none (threshold "
                        + Evidence.format(minAnnouncedTo) + "): it listens without relaying";
        ctx.alerts().active(Subject.peer(node, m.peerId(), info == null ? m.addr() : info.addr()), now, summary,
                Evidence.builder().put("tx_requested", t.txRequested).put("tx_announced", t.txAnnounced).put("tx_sent", t.txSent)
                        .put("tx_announced_to", t.txAnnouncedTo).put(greedy ? "request_ratio" : "min_announced_to", greedy ? ratio : minAnnouncedTo)
                        .build(),
                greedy ? t.txRequested : t.txAnnouncedTo, greedy ? ratio * Math.max(1, t.txAnnounced) : minAnnouncedTo);
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        Traffic t = peers.remove(peer.node(), peer.peerId());
        if (t == null || !t.getaddr || !peer.inbound() || peer.openedAt() < 0 || now - peer.openedAt() > leaveWithin
                || t.txAnnounced > 0 || t.txSent > 0) {
            return;
        }
        String group = peer.netgroup();
        if (!includeUnroutable && (group.equals(Netgroups.UNROUTABLE) || group.startsWith("onion:") || group.startsWith("i2p:"))) {
            return;
        }
        String key = peer.node() + '\0' + group; // per node: in a fleet, one netgroup on two nodes is two subjects (fleet_peer sees both)
        Visits v = netgroups.remove(key);
        if (v == null) {
            v = new Visits(peer.node(), group, window);
            if (netgroups.size() >= MAX_NETGROUPS) {
                dropOneQuiet(now);
            }
        }
        netgroups.put(key, v); // most recent last
        v.total++;
        v.recent.add(now, 1);
        evaluate(v, now, peer.openedAt() >= 0 ? now - peer.openedAt() : -1);
    }

    private void evaluate(Visits v, long now, long stayed) {
        double recent = v.recent.sum(now);
        Subject subject = Subject.of(v.node, "netgroup", v.netgroup);
        if (recent >= visitsThreshold) {
            ctx.alerts().active(subject, now,
                    Evidence.format(recent) + " inbound connections from " + v.netgroup + " asked for addresses and left within "
                            + Durations.text(leaveWithin) + " during the last " + Durations.text(window) + " (threshold "
                            + Evidence.format(visitsThreshold) + ")" + (stayed >= 0 ? "; the last stayed " + Durations.text(stayed) : ""),
                    Evidence.builder().put("visits_window", recent).put("threshold", visitsThreshold).put("visits", v.total).build(),
                    recent, visitsThreshold);
            if (!v.alerting) {
                v.alerting = true;
                alertingGroups.add(v);
            }
        } else if (v.alerting) {
            ctx.alerts().clear(subject, now, recent);
        }
    }

    /** Drops the least recently visited netgroup without an open alert. */
    private void dropOneQuiet(long now) {
        for (Iterator<Visits> it = netgroups.values().iterator(); it.hasNext(); ) {
            Visits v = it.next();
            if (!v.alerting) {
                it.remove();
                return;
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (int i = alertingGroups.size() - 1; i >= 0; i--) {
            Visits v = alertingGroups.get(i);
            if (!ctx.alerts().isOpen(Subject.of(v.node, "netgroup", v.netgroup))) {
                v.alerting = false;
                alertingGroups.remove(i);
            } else if (v.recent.sum(now) < visitsThreshold) {
                evaluate(v, now, -1);
            }
        }
    }
}
