package dev.nodescope.watch.detect;

import dev.nodescope.addrman.Netgroups;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundConnection;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code fleet_peer}: one peer address, or one netgroup, connected to several nodes of a fleet within
 * a window: a crawler or spy mapping the fleet (and linking its nodes), or one operator's Sybils
 * spreading over it. Addresses are keyed without the port for inbound connections (the peer's
 * ephemeral port changes each time) and with it for outbound ones (our nodes chose that service).
 * Netgroups count inbound connections only, and need {@code netgroup_addresses} distinct addresses
 * (one crawler alone is its address's alert, not also its netgroup's). The alert stays until the
 * window holds no connection of the subject any more. Only for fleets: with one node seen it never
 * fires. Subjects {@code addr:<address>} and {@code netgroup:<group>}, on the node name
 * {@link Subject#FLEET}.
 */
public final class FleetPeer implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("fleet_peer",
            "one peer address or netgroup connecting to several of the fleet's nodes within a window: crawlers and spies mapping the "
                    + "fleet, Sybils spreading over it",
            Severity.WARNING, Duration.ZERO, Duration.ZERO, false, List.of(
                    ParamSpec.seconds("window", 3600,
                            "how far back connections are counted: crawlers sweep the network over hours, and an hour still lets an "
                                    + "honest peer that restarted and reconnected elsewhere fall out soon"),
                    ParamSpec.number("nodes", 3,
                            "distinct nodes one address connected to within the window that make an alert: two nodes can share an honest "
                                    + "peer by chance (both had it in their addrman), three within an hour rarely do"),
                    ParamSpec.number("netgroup_nodes", 3, "distinct nodes one netgroup's addresses connected to within the window"),
                    ParamSpec.number("netgroup_addresses", 5,
                            "distinct addresses of the netgroup needed too: one crawler is its address's alert, and a large hosting /16 "
                                    + "holds a few honest nodes that reach a fleet within an hour"),
                    ParamSpec.number("include_unroutable", 0,
                            "1 to count unroutable addresses (loopback, private, Tor and I2P inbound, which all look alike) as addresses "
                                    + "and a netgroup; off by default because they cannot be told apart")),
            FleetPeer::new);

    /** Addresses and netgroups tracked at once, each (a bound on memory). */
    static final int MAX_KEYS = 4096;
    /** Nodes (and a netgroup's addresses) tracked per subject. */
    static final int MAX_PER_KEY = 1024;

    private final DetectorContext ctx;
    private final long window;
    private final double nodesThreshold;
    private final double netgroupNodes;
    private final double netgroupAddresses;
    private final boolean includeUnroutable;
    private final Map<String, Spread> addresses = new LinkedHashMap<>();
    private final Map<String, Spread> netgroups = new LinkedHashMap<>();
    private final List<Spread> alerting = new ArrayList<>();
    /** The fleet's nodes as connections show them. */
    private final Set<String> fleet = new LinkedHashSet<>();

    /** One address's or netgroup's connections within the window. */
    private final class Spread {
        final Subject subject;
        final String kind;
        final String value;
        /** Each node it connected to, with its last connection (epoch ns), in the order first connected. */
        final LinkedHashMap<String, Long> nodes = new LinkedHashMap<>();
        /** A netgroup's addresses with their last connection. */
        final LinkedHashMap<String, Long> members = new LinkedHashMap<>();
        final WindowCounter connections = new WindowCounter(window);
        boolean alerting;

        Spread(String kind, String value, String addr) {
            this.kind = kind;
            this.value = value;
            this.subject = Subject.fleet(kind, value, addr);
        }

        /** Drops what left the window by {@code now}; whether anything is left. */
        boolean slide(long now) {
            drop(nodes, now);
            drop(members, now);
            return !nodes.isEmpty();
        }

        private void drop(Map<String, Long> seen, long now) {
            seen.values().removeIf(last -> now - last >= window);
        }
    }

    private FleetPeer(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.nodesThreshold = s.number("nodes");
        this.netgroupNodes = s.number("netgroup_nodes");
        this.netgroupAddresses = s.number("netgroup_addresses");
        this.includeUnroutable = s.number("include_unroutable") >= 1;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(ConnectionOpened.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        ConnectionOpened c = (ConnectionOpened) event;
        String node = c.meta().node();
        if (fleet.size() < MAX_PER_KEY) {
            fleet.add(node);
        }
        PeerInfo p = ctx.peers().get(node, c.peerId());
        if (p == null) {
            return;
        }
        String group = p.netgroup();
        boolean unroutable = group.equals(Netgroups.UNROUTABLE) || group.startsWith("onion:") || group.startsWith("i2p:");
        if (unroutable && !includeUnroutable) {
            return;
        }
        boolean inbound = c instanceof InboundConnection;
        String addr = PeerInfo.fleetKey(p.addr(), inbound);
        Spread a = arrive(addresses, "addr", addr, addr, node, now);
        evaluate(a, now);
        if (inbound) {
            Spread g = arrive(netgroups, "netgroup", group, "", node, now);
            put(g.members, addr, now);
            evaluate(g, now);
        }
    }

    private Spread arrive(Map<String, Spread> map, String kind, String value, String addr, String node, long now) {
        Spread s = map.remove(value);
        if (s == null) {
            s = new Spread(kind, value, addr);
            if (map.size() >= MAX_KEYS) {
                dropOneQuiet(map);
            }
        }
        map.put(value, s); // most recent last
        s.slide(now);
        put(s.nodes, node, now);
        s.connections.add(now, 1);
        return s;
    }

    private static void put(LinkedHashMap<String, Long> seen, String key, long now) {
        if (seen.containsKey(key) || seen.size() < MAX_PER_KEY) {
            seen.put(key, now);
        }
    }

    private void evaluate(Spread s, long now) {
        boolean any = s.slide(now);
        boolean netgroup = s.kind.equals("netgroup");
        double threshold = netgroup ? netgroupNodes : nodesThreshold;
        boolean spread = fleet.size() >= 2 && s.nodes.size() >= threshold && (!netgroup || s.members.size() >= netgroupAddresses);
        if (spread || (s.alerting && any)) {
            double connections = s.connections.sum(now);
            String what = netgroup ? "netgroup " + s.value + " (" + s.members.size() + " addresses)" : s.value;
            Evidence.Builder evidence = Evidence.builder().put("nodes", s.nodes.size()).put("threshold", threshold)
                    .put("connections", connections).put("fleet_nodes", fleet.size());
            if (netgroup) {
                evidence.put("addresses", s.members.size()).put("threshold_addresses", netgroupAddresses);
            }
            ctx.alerts().active(s.subject, now, what + " connected to " + s.nodes.size() + " of the fleet's " + fleet.size() + " nodes within "
                            + Durations.text(window) + " (threshold " + Evidence.format(threshold) + "; " + Evidence.format(connections)
                            + " connections): " + String.join(", ", s.nodes.keySet()),
                    evidence.build(), s.nodes.size(), threshold);
            if (!s.alerting) {
                s.alerting = true;
                alerting.add(s);
            }
        } else if (s.alerting) {
            s.alerting = false;
            alerting.remove(s);
            ctx.alerts().clear(s.subject, now, s.nodes.size());
        }
    }

    private static void dropOneQuiet(Map<String, Spread> map) {
        for (Iterator<Spread> it = map.values().iterator(); it.hasNext(); ) {
            if (!it.next().alerting) {
                it.remove();
                return;
            }
        }
    }

    @Override
    public void onTick(long now) {
        for (int i = alerting.size() - 1; i >= 0; i--) {
            Spread s = alerting.get(i);
            if (!s.slide(now)) {
                evaluate(s, now); // the window emptied: resolves
            }
        }
    }
}
