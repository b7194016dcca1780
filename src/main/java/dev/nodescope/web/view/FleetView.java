package dev.nodescope.web.view;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.fleet.BlockPropagation;
import dev.nodescope.fleet.FleetTool;
import dev.nodescope.stream.EventStream;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet page: one row per node as {@code nodescope fleet} prints it (state, last event, events
 * per second, tip and how far behind the fleet's best, peers, losses), how each recent block went
 * through the fleet (each node's delay after the first, {@link BlockPropagation}), and the peer
 * addresses seen connecting to several nodes (keyed as {@code fleet_peer} keys them: inbound without
 * the port). A snapshot feed; addresses go through {@link WebContext#addresses()}.
 */
public final class FleetView implements WebView {
    /** Addresses remembered (the most recently connected kept). */
    static final int MAX_ADDRESSES = 4096;
    /** Addresses on several nodes sent to a page, the most widespread first. */
    static final int MAX_SHOWN = 100;

    private final WebContext context;
    /** Guarded by this. */
    private final BlockPropagation blocks = new BlockPropagation(new BlockPropagation.Listener() {
    });
    /** Guarded by this: each address's connections per node, least recently connected first. */
    private final LinkedHashMap<String, Sightings> addresses = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sightings> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private static final class Sightings {
        /** Per node: connections and the last one's time (epoch ns), in the order first seen. */
        final LinkedHashMap<String, long[]> nodes = new LinkedHashMap<>(4);
        long last;
    }

    public FleetView(WebContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(Attached.class, this::accept);
        stream.onEvent(Detached.class, this::accept);
        stream.onEvent(BlockConnected.class, this::accept);
        stream.onEvent(ConnectionOpened.class, this::accept);
    }

    /** Folds one event (the stream thread). */
    synchronized void accept(Event e) {
        String node = e.meta().node();
        long at = e.meta().epochNanos();
        switch (e) {
            case Attached _ -> blocks.joined(node);
            case Detached _ -> blocks.detached(node, at);
            case BlockConnected b -> blocks.connected(node, b.hash(), b.height(), at);
            case ConnectionOpened c -> {
                String key = PeerInfo.fleetKey(c.addr(), c instanceof InboundConnection);
                Sightings s = addresses.computeIfAbsent(key, k -> new Sightings());
                long[] n = s.nodes.get(node);
                if (n == null && s.nodes.size() < dev.nodescope.node.NodeState.MAX_NODES) {
                    s.nodes.put(node, new long[] {1, at});
                } else if (n != null) {
                    n[0]++;
                    n[1] = at;
                }
                s.last = Math.max(s.last, at);
            }
            default -> {
            }
        }
    }

    @Override
    public Feed open(Map<String, String> params) {
        Map<String, long[]> previous = new HashMap<>();
        return () -> page(previous);
    }

    private Page page(Map<String, long[]> previous) {
        long now = context.clock().getAsLong();
        List<FleetTool.Row> nodes = FleetTool.rows(context.state(), now, previous);
        List<BlockRow> blockRows = new ArrayList<>();
        List<PeerRow> peers = new ArrayList<>();
        synchronized (this) {
            for (BlockPropagation.Block b : blocks.recent()) {
                Map<String, Double> delays = new LinkedHashMap<>();
                for (BlockPropagation.Arrival a : b.arrivals()) {
                    delays.put(a.node(), a.delayNanos() / 1e6);
                }
                blockRows.add(new BlockRow(b.hash(), b.height(), b.arrivals().getFirst().node(), b.firstNanos() / 1_000_000, b.spreadNanos() / 1e6,
                        b.arrivals().size() < 2 ? null : b.slowest(), b.complete(), delays));
            }
            for (Map.Entry<String, Sightings> e : addresses.entrySet()) {
                Sightings s = e.getValue();
                if (s.nodes.size() >= 2) {
                    long connections = 0;
                    for (long[] n : s.nodes.values()) {
                        connections += n[0];
                    }
                    peers.add(new PeerRow(e.getKey(), List.copyOf(s.nodes.keySet()), connections,
                            Math.max(0, now - s.last) / 1e9));
                }
            }
        }
        peers.sort(Comparator.comparingInt((PeerRow p) -> p.nodes().size()).reversed().thenComparing(Comparator.comparingLong(PeerRow::connections).reversed())
                .thenComparing(PeerRow::addr));
        List<PeerRow> shown = new ArrayList<>();
        for (PeerRow p : peers.subList(0, Math.min(peers.size(), MAX_SHOWN))) {
            shown.add(new PeerRow(context.addresses().apply(p.addr()), p.nodes(), p.connections(), p.lastSecondsAgo()));
        }
        return new Page(now, nodes, blockRows, peers.size(), shown);
    }

    /**
     * What the fleet page shows.
     *
     * @param blocks     the last {@link BlockPropagation#MAX_BLOCKS} blocks, newest first
     * @param peersTotal addresses seen on several nodes (only the first {@link #MAX_SHOWN} are in {@code peers})
     */
    public record Page(long now, List<FleetTool.Row> nodes, List<BlockRow> blocks, int peersTotal, List<PeerRow> peers) {
    }

    /**
     * A block: its first node and when it connected it, the spread to the last, the slowest node, and each
     * node's delay after the first in ms (nodes that have not connected it are absent).
     *
     * @param complete whether every node connected it (or 10 minutes passed): the spread is final
     */
    public record BlockRow(String hash, int height, String first, long firstMillis, double spreadMs, String slowest, boolean complete,
                           Map<String, Double> delaysMs) {
    }

    /** An address seen connecting to several nodes: which, how often in all, and when last. */
    public record PeerRow(String addr, List<String> nodes, long connections, double lastSecondsAgo) {
    }
}
