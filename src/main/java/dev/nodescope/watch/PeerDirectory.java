package dev.nodescope.watch;

import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.PeerKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connected peers of every watched node, for detectors to look up (connection type, direction,
 * network, address). Bounded: at most {@link #MAX_PEERS} per node; beyond that the longest known
 * is dropped as if it had disconnected (Bitcoin Core allows 125 connections by default, and a few
 * thousand with a raised -maxconnections), so the detectors drop its state too. And where the
 * engine reads P2P messages, a peer that has sent and received nothing for {@link #IDLE_NANOS} is
 * taken as gone: its end was lost, for Core itself disconnects a peer after 20 minutes without a
 * byte either way (its inactivity check, TIMEOUT_INTERVAL), and pings each every 2 minutes.
 */
public final class PeerDirectory {
    public static final int MAX_PEERS = 8192;
    /** 21 minutes: Core's inactivity timeout (20 minutes) and a minute for the event of its disconnection. */
    public static final long IDLE_NANOS = 21 * 60_000_000_000L;

    private final Map<String, LinkedHashMap<Long, PeerInfo>> byNode = new HashMap<>();
    /** When each peer last sent or received a message (epoch ns), per node, when messages are read. */
    private final Map<String, HashMap<Long, long[]>> lastSeen = new HashMap<>();
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

    /** A message of a peer: known from now on if it was not seen connecting (attached later), and seen now. */
    PeerInfo seen(MessageEvent m, long now) {
        PeerInfo p = get(m.meta().node(), m.peerId());
        if (p == null) {
            p = new PeerInfo(m.meta().node(), m.peerId(), m.addr(), m.connType(), null, "inbound".equals(m.connType()), -1);
            put(p);
        }
        HashMap<Long, long[]> seenOfNode = lastSeen.computeIfAbsent(p.node(), n -> new HashMap<>());
        long[] last = seenOfNode.get(m.peerId());
        if (last == null) {
            seenOfNode.put(m.peerId(), new long[] {now});
        } else {
            last[0] = now;
        }
        return p;
    }

    /** Removes the peers silent for {@link #IDLE_NANOS} at {@code now} and returns them (for the engine to treat as gone). */
    List<PeerInfo> expireIdle(long now) {
        List<PeerInfo> idle = null;
        for (LinkedHashMap<Long, PeerInfo> peers : byNode.values()) {
            for (var it = peers.values().iterator(); it.hasNext(); ) {
                PeerInfo p = it.next();
                HashMap<Long, long[]> seenOfNode = lastSeen.get(p.node());
                long[] last = seenOfNode == null ? null : seenOfNode.get(p.peerId());
                long since = last != null ? last[0] : p.openedAt();
                if (since >= 0 && now - since >= IDLE_NANOS) {
                    it.remove();
                    forget(p);
                    if (idle == null) {
                        idle = new ArrayList<>();
                    }
                    idle.add(p);
                }
            }
        }
        return idle == null ? List.of() : idle;
    }

    /** The peer's connection ended: removed, and returned (a stand-in when it was not known). */
    PeerInfo ended(ConnectionEnded c) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.get(c.meta().node());
        PeerInfo p = peers == null ? null : peers.remove(c.peerId());
        if (p != null) {
            forget(p);
        }
        return p != null ? p : new PeerInfo(c.meta().node(), c.peerId(), c.addr(), c.connType(), c.network(),
                "inbound".equals(c.connType()), -1);
    }

    /** Every peer of {@code node} is gone (the node restarted or nodescope detached). */
    java.util.List<PeerInfo> clear(String node) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.remove(node);
        if (peers == null) {
            return List.of();
        }
        lastSeen.remove(node);
        return List.copyOf(peers.values());
    }

    private void forget(PeerInfo p) {
        HashMap<Long, long[]> seenOfNode = lastSeen.get(p.node());
        if (seenOfNode != null) {
            seenOfNode.remove(p.peerId());
        }
    }

    private void put(PeerInfo p) {
        LinkedHashMap<Long, PeerInfo> peers = byNode.computeIfAbsent(p.node(), n -> new LinkedHashMap<>());
        peers.put(p.peerId(), p);
        if (peers.size() > MAX_PEERS) {
            var eldest = peers.entrySet().iterator();
            PeerInfo gone = eldest.next().getValue();
            eldest.remove();
            forget(gone);
            dropped.accept(gone);
        }
    }
}
