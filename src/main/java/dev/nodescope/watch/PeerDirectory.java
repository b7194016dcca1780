package dev.nodescope.watch;

import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.PeerKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connected peers of every watched node, for detectors to look up (connection type, direction,
 * network, address). Bounded: at most {@link #MAX_PEERS} per node; beyond that the longest known
 * is dropped as if it had disconnected (Bitcoin Core allows 125 connections by default, and a few
 * thousand with a raised -maxconnections), so the detectors drop its state too.
 */
public final class PeerDirectory {
    public static final int MAX_PEERS = 8192;

    private final Map<String, LinkedHashMap<Long, PeerInfo>> byNode = new HashMap<>();
    private final Consumer<PeerInfo> dropped;

    PeerDirectory(Consumer<PeerInfo> dropped) {
        this.dropped = dropped;
    }

    /** The peer, or null when it is not (or no longer) connected. */
    public PeerInfo get(String node, long peerId) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.get(node);
        return peers == null ? null : peers.get(peerId);
    }

    public PeerInfo get(PeerKey key) {
        return get(key.node(), key.peerId());
    }

    /** Connected peers of {@code node} now. */
    public int count(String node) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.get(node);
        return peers == null ? 0 : peers.size();
    }

    /** All connected peers of {@code node}, oldest first (a view: do not keep it). */
    public Iterable<PeerInfo> all(String node) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.get(node);
        return peers == null ? java.util.List.of() : peers.values();
    }

    void opened(ConnectionOpened c, long now) {
        put(new PeerInfo(c.meta().node(), c.peerId(), c.addr(), c.connType(), c.network(), c instanceof InboundConnection, now));
    }

    /** A message of a peer not seen connecting (attached later): known from now on. */
    PeerInfo seen(MessageEvent m) {
        PeerInfo p = get(m.meta().node(), m.peerId());
        if (p == null) {
            p = new PeerInfo(m.meta().node(), m.peerId(), m.addr(), m.connType(), null, "inbound".equals(m.connType()), -1);
            put(p);
        }
        return p;
    }

    /** The peer's connection ended: removed, and returned (a stand-in when it was not known). */
    PeerInfo ended(ConnectionEnded c) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.get(c.meta().node());
        PeerInfo p = peers == null ? null : peers.remove(c.peerId());
        return p != null ? p : new PeerInfo(c.meta().node(), c.peerId(), c.addr(), c.connType(), c.network(),
                "inbound".equals(c.connType()), -1);
    }

    /** Every peer of {@code node} is gone (the node restarted or nodescope detached). */
    java.util.List<PeerInfo> clear(String node) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.remove(node);
        return peers == null ? java.util.List.of() : java.util.List.copyOf(peers.values());
    }

    private void put(PeerInfo p) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.computeIfAbsent(p.node(), n -> new LinkedHashMap<>());
        peers.put(p.peerId(), p);
        if (peers.size() > MAX_PEERS) {
            var eldest = peers.entrySet().iterator();
            PeerInfo gone = eldest.next().getValue();
            eldest.remove();
            dropped.accept(gone);
        }
    }
}
