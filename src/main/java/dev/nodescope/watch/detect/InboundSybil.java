package dev.nodescope.watch.detect;

import dev.nodescope.addrman.Netgroups;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Severity;
import dev.nodescope.p2p.P2pMessage;
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
 * {@code inbound_sybil}: many inbound connections in a short time from one netgroup (Core's rule:
 * IPv4 /16, IPv6 /32, {@link PeerInfo#netgroup()}) or with one user agent (from their version
 * messages): one operator filling the node's inbound slots to surround it (eclipse) or to
 * outnumber honest peers in eviction. Subjects {@code netgroup:<g>} and {@code user_agent:<ua>}.
 */
public final class InboundSybil implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("inbound_sybil",
            "Many inbound connections in a short time from one netgroup or with one user agent: one operator taking the node's "
                    + "inbound slots (eclipse, eviction games)",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(5), false, List.of(
                    ParamSpec.seconds("window", 60, "how far back inbound connections are counted"),
                    ParamSpec.number("netgroup_connections", 10,
                            "inbound connections from one netgroup within the window that make an alert: a public node gets an inbound "
                                    + "connection every few seconds at most, from all over the address space"),
                    ParamSpec.number("user_agent_connections", 50,
                            "inbound connections with one user agent within the window that make an alert: most peers share a few "
                                    + "common Bitcoin Core versions, so this is set well above a node's whole inbound turnover in a minute"),
                    ParamSpec.number("include_unroutable", 0,
                            "1 to count unroutable addresses (loopback, private, Tor and I2P inbound, which Core lumps in one group) as a "
                                    + "netgroup; off by default because they cannot be told apart")),
            InboundSybil::new);

    /** Netgroups and user agents tracked at once, each (a bound on memory). */
    static final int MAX_KEYS = 4096;
    /** A user agent in a subject is cut to this many characters (Core allows 256). */
    static final int MAX_USER_AGENT = 80;

    private final DetectorContext ctx;
    private final long window;
    private final double netgroupThreshold;
    private final double userAgentThreshold;
    private final boolean includeUnroutable;
    private final Map<String, Arrivals> netgroups = new LinkedHashMap<>();
    private final Map<String, Arrivals> userAgents = new LinkedHashMap<>();
    private final List<Arrivals> alerting = new ArrayList<>();

    private static final class Arrivals {
        final String node;
        final String kind;
        final String value;
        final WindowCounter recent;
        long total;
        String lastPeer = "";
        boolean alerting;

        Arrivals(String node, String kind, String value, long window) {
            this.node = node;
            this.kind = kind;
            this.value = value;
            this.recent = new WindowCounter(window);
        }
    }

    private InboundSybil(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.netgroupThreshold = s.number("netgroup_connections");
        this.userAgentThreshold = s.number("user_agent_connections");
        this.includeUnroutable = s.number("include_unroutable") >= 1;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundConnection.class, InboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        switch (event) {
            case InboundConnection c -> {
                PeerInfo p = ctx.peers().get(c.meta().node(), c.peerId());
                if (p == null) {
                    return;
                }
                String group = p.netgroup();
                if (!includeUnroutable && (group.equals(Netgroups.UNROUTABLE) || group.startsWith("onion:") || group.startsWith("i2p:"))) {
                    return;
                }
                arrive(netgroups, c.meta().node(), "netgroup", group, p, now, netgroupThreshold);
            }
            case InboundMessage m when m.msgType().equals("version") && m.connType().equals("inbound") -> {
                if (!(m.decode().message() instanceof P2pMessage.Version v) || v.userAgent() == null) {
                    return;
                }
                PeerInfo p = ctx.peers().get(m.meta().node(), m.peerId());
                arrive(userAgents, m.meta().node(), "user_agent", clean(v.userAgent()), p, now, userAgentThreshold);
            }
            default -> {
            }
        }
    }

    /** Core's SanitizeString rule for subver (letters, digits and " .,;-_/:?@()"), cut short: the subject is the peer's words. */
    static String clean(String userAgent) {
        StringBuilder sb = new StringBuilder(Math.min(userAgent.length(), MAX_USER_AGENT));
        for (int i = 0; i < userAgent.length() && sb.length() < MAX_USER_AGENT; i++) {
            char c = userAgent.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || " .,;-_/:?@()".indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? "(empty)" : sb.toString();
    }

    private void arrive(Map<String, Arrivals> map, String node, String kind, String value, PeerInfo peer, long now, double threshold) {
        String key = node + '\0' + value; // per node: in a fleet, one netgroup on two nodes is two subjects (fleet_peer sees both)
        Arrivals a = map.remove(key);
        if (a == null) {
            a = new Arrivals(node, kind, value, window);
            if (map.size() >= MAX_KEYS) {
                dropOneQuiet(map);
            }
        }
        map.put(key, a); // most recent last
        a.total++;
        a.recent.add(now, 1);
        if (peer != null) {
            a.lastPeer = "peer " + peer.peerId() + " (" + peer.addr() + ")";
        }
        evaluate(a, now, threshold);
    }

    private void evaluate(Arrivals a, long now, double threshold) {
        double recent = a.recent.sum(now);
        Subject subject = Subject.of(a.node, a.kind, a.value);
        if (recent >= threshold) {
            String what = a.kind.equals("netgroup") ? "from netgroup " + a.value : "with user agent " + a.value;
            ctx.alerts().active(subject, now,
                    Evidence.format(recent) + " inbound connections " + what + " within " + Durations.text(window) + " (threshold "
                            + Evidence.format(threshold) + "; " + ctx.peers().count(a.node) + " peers connected now), the last "
                            + a.lastPeer,
                    Evidence.builder().put("connections_window", recent).put("threshold", threshold).put("connections", a.total)
                            .put("peers_connected", ctx.peers().count(a.node)).build(),
                    recent, threshold);
            if (!a.alerting) {
                a.alerting = true;
                alerting.add(a);
            }
        } else if (a.alerting) {
            ctx.alerts().clear(subject, now, recent);
        }
    }

    private static void dropOneQuiet(Map<String, Arrivals> map) {
        for (Iterator<Arrivals> it = map.values().iterator(); it.hasNext(); ) {
            if (!it.next().alerting) {
                it.remove();
                return;
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (int i = alerting.size() - 1; i >= 0; i--) {
            Arrivals a = alerting.get(i);
            double threshold = a.kind.equals("netgroup") ? netgroupThreshold : userAgentThreshold;
            if (!ctx.alerts().isOpen(Subject.of(a.node, a.kind, a.value))) {
                a.alerting = false;
                alerting.remove(i);
            } else if (a.recent.sum(now) < threshold) {
                evaluate(a, now, threshold);
            }
        }
    }
}
