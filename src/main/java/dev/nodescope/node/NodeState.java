package dev.nodescope.node;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.p2p.P2pDecoder;
import dev.nodescope.p2p.P2pMessage;
import dev.nodescope.stream.EventStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the traced nodes look like now, shared by the tools that show or judge it (monitor now,
 * watch and web next): per node, its peers (connection type, network, direction, age, traffic
 * each way and per message type, misbehaviour, user agent, ping), its tip and its mempool rates.
 * Peers are keyed by node and peer id ({@link PeerKey}), so archives of several nodes replayed
 * together, or a fleet, do not mix.
 *
 * <p>Folded on the stream thread ({@link #register} or {@link #accept}); each event is a few map
 * and counter updates under one lock, and readers on other threads hold that lock only to copy
 * immutable snapshots. Memory is bounded: {@link #MAX_NODES} nodes, per node
 * {@link #MAX_OPEN_PEERS} connected and {@link #MAX_ENDED_PEERS} ended peers, {@link #MAX_TYPES}
 * message types per peer. A peer whose connection ended is kept {@link #GRACE_NANOS} (readers
 * stop seeing it then; it is dropped at the next event after that).
 */
public final class NodeState {
    /** A fleet is tens of nodes; events of further nodes are not tracked. */
    public static final int MAX_NODES = 64;
    /** Bitcoin Core allows a few hundred connections; more ids than this per node are not tracked. */
    public static final int MAX_OPEN_PEERS = 4096;
    /** Closed and evicted peers kept per node at most; the oldest go first. */
    public static final int MAX_ENDED_PEERS = 64;
    /** How long a closed or evicted peer stays visible before it is dropped. */
    public static final long GRACE_NANOS = 30_000_000_000L;
    /** Message types kept apart per peer; a peer sending made-up types shares one bucket beyond this. */
    public static final int MAX_TYPES = 48;
    public static final String OTHER_TYPES = "(other)";
    /** The events the state is folded from: what {@link #register} asks the stream (and so the kernel) for. */
    public static final List<Class<? extends Event>> EVENT_TYPES = List.of(MessageEvent.class, ConnectionOpened.class,
            ConnectionEnded.class, MisbehavingConnection.class, BlockConnected.class, MempoolAdded.class, MempoolRemoved.class,
            MempoolReplaced.class, MempoolRejected.class, Attached.class, Detached.class, Loss.class);

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    /** Peer changes of the event being folded, told to listeners once the lock is released. */
    private final List<Runnable> pendingNotices = new ArrayList<>();
    private volatile long lastEventNanos = -1;
    /** Event time at which ended peers are next checked for their grace period. */
    private long nextPruneNanos = Long.MIN_VALUE;
    /** The node of the previous event (nodes are never removed, so it stays valid). */
    private Node lastNode;

    /** Folds the events it needs from {@code stream}, one handler per event type (no catch-all). */
    public NodeState register(EventStream stream) {
        for (Class<? extends Event> type : EVENT_TYPES) {
            stream.onEvent(type, this::accept);
        }
        return this;
    }

    /** Told of peers joining, leaving and being dropped, on the stream thread. */
    public void addListener(PeerListener listener) {
        listeners.add(listener);
    }

    /** Folds one event (the stream thread). Events of other types only count towards the node's events. */
    public void accept(Event event) {
        synchronized (this) {
            fold(event);
        }
        if (!pendingNotices.isEmpty()) {
            // only the stream thread folds, so the list is its own once the lock is released
            List<Runnable> notices = List.copyOf(pendingNotices);
            pendingNotices.clear();
            notices.forEach(Runnable::run);
        }
    }

    private void fold(Event event) {
        long at = event.meta().epochNanos();
        Node node = node(event.meta().node());
        if (node == null) {
            return;
        }
        if (event instanceof TracepointEvent) {
            node.events++;
            if (at > node.lastEventNanos) {
                node.lastEventNanos = at;
            }
            if (at > lastEventNanos) {
                lastEventNanos = at;
            }
        }
        switch (event) {
            case MessageEvent m -> message(node, m, at);
            case ConnectionOpened o -> {
                Peer p = peer(node, o.peerId(), at);
                if (p != null) {
                    p.connType = o.connType();
                    p.network = o.network().jsonName();
                    p.addr = o.addr();
                    p.openedAtNanos = at;
                }
            }
            case ConnectionEnded e -> ended(node, e, at);
            case MisbehavingConnection m -> {
                Peer p = peer(node, m.peerId(), at);
                if (p != null) {
                    p.misbehaving = m.reason();
                    p.misbehaviours++;
                }
            }
            case BlockConnected b -> {
                node.height = b.height();
                node.blockConnectNs = b.durationNs();
                node.blockAtNanos = at;
            }
            case MempoolAdded a -> {
                node.mempoolAdded++;
                node.addedRate.add(at);
            }
            case MempoolRemoved r -> {
                node.mempoolRemoved++;
                node.removedRate.add(at);
            }
            case MempoolReplaced r -> node.mempoolReplaced++;
            case MempoolRejected r -> node.mempoolRejected++;
            case Attached a -> {
                node.pid = a.pid();
                node.detachedReason = null;
            }
            case Detached d -> node.detachedReason = d.reason();
            case Loss l -> node.losses.merge(l.stage(), l.count(), Long::sum);
            default -> {
                // other events only count towards the node's events
            }
        }
        if (at >= nextPruneNanos) {
            // once a second of event time: a scan of the peers, not one per event
            nextPruneNanos = at + 1_000_000_000L;
            dropEndedBefore(at - GRACE_NANOS);
        }
    }

    private Node node(String name) {
        Node n = lastNode;
        if (n != null && n.name.equals(name)) {
            return n; // almost every event is of the same node as the one before
        }
        n = nodes.get(name);
        if (n == null) {
            if (nodes.size() >= MAX_NODES) {
                return null;
            }
            n = new Node(name);
            nodes.put(name, n);
        }
        lastNode = n;
        return n;
    }

    private void message(Node node, MessageEvent m, long at) {
        Peer p = peer(node, m.peerId(), at);
        if (p == null) {
            return;
        }
        if (p.addr == null) {
            // first seen through a message: it connected before we attached
            p.addr = m.addr();
            p.connType = m.connType();
        }
        long[] counts = p.typeCounts(m.msgType());
        if (m.inbound()) {
            p.msgsIn++;
            p.bytesIn += m.size();
            counts[0]++;
            counts[1] += m.size();
        } else {
            p.msgsOut++;
            p.bytesOut += m.size();
            counts[2]++;
            counts[3] += m.size();
        }
        p.lastMsgType = m.msgType();
        p.lastMsgNanos = at;
        byte[] payload = m.payload();
        if (payload == null) {
            return;
        }
        switch (m.msgType()) {
            case "ping" -> {
                if (!m.inbound() && payload.length >= 8) {
                    p.pingNonce = nonce(payload);
                    p.pingSentNanos = at;
                }
            }
            case "pong" -> {
                if (m.inbound() && payload.length >= 8 && p.pingSentNanos >= 0 && nonce(payload) == p.pingNonce) {
                    p.pingNanos = at - p.pingSentNanos;
                    p.pingSentNanos = -1;
                }
            }
            case "version" -> {
                // once per connection: decoding it whole costs nothing that matters
                if (m.inbound() && P2pDecoder.decode("version", payload, m.size()).message() instanceof P2pMessage.Version v) {
                    p.userAgent = v.userAgent();
                    p.protocolVersion = v.version();
                }
            }
            default -> {
                // traffic only
            }
        }
    }

    private static long nonce(byte[] payload) {
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (payload[i] & 0xff);
        }
        return n;
    }

    private void ended(Node node, ConnectionEnded e, long at) {
        Peer p = peer(node, e.peerId(), at);
        if (p == null || !p.open()) {
            return;
        }
        p.connType = e.connType();
        p.network = e.network().jsonName();
        p.addr = e.addr();
        if (p.openedAtNanos < 0) {
            p.openedAtNanos = e.timeEstablished() * 1_000_000_000L;
        }
        p.state = e instanceof EvictedInboundConnection ? PeerSnapshot.State.EVICTED : PeerSnapshot.State.CLOSED;
        p.endedAtNanos = at;
        node.openPeers--;
        node.endedPeers++;
        notice(p, false);
        if (node.endedPeers > MAX_ENDED_PEERS) {
            removeOldestEnded(node);
        }
    }

    /** The peer with this id, created on first sight; null when too many are tracked already. */
    private Peer peer(Node node, long id, long at) {
        Peer p = node.peers.get(id);
        if (p == null) {
            if (node.openPeers >= MAX_OPEN_PEERS) {
                return null;
            }
            p = new Peer(node.name, id, at);
            node.peers.put(id, p);
            node.openPeers++;
            notice(p, true);
        }
        return p;
    }

    /** Tells listeners of a peer joining or leaving once the fold is done (the snapshot is taken then). */
    private void notice(Peer p, boolean joined) {
        if (listeners.isEmpty()) {
            return;
        }
        PeerKey key = new PeerKey(p.node, p.id);
        pendingNotices.add(() -> {
            PeerSnapshot s = peer(key);
            if (s != null) {
                listeners.forEach(l -> {
                    if (joined) {
                        l.joined(s);
                    } else {
                        l.left(s);
                    }
                });
            }
        });
    }

    private void removeOldestEnded(Node node) {
        Peer oldest = null;
        for (Peer p : node.peers.values()) {
            if (!p.open() && (oldest == null || p.endedAtNanos < oldest.endedAtNanos)) {
                oldest = p;
            }
        }
        if (oldest != null) {
            drop(node, oldest);
        }
    }

    private void dropEndedBefore(long cutoffNanos) {
        for (Node node : nodes.values()) {
            if (node.endedPeers == 0) {
                continue;
            }
            List<Peer> expired = new ArrayList<>();
            for (Peer p : node.peers.values()) {
                if (!p.open() && p.endedAtNanos < cutoffNanos) {
                    expired.add(p);
                }
            }
            expired.forEach(p -> drop(node, p));
        }
    }

    private void drop(Node node, Peer p) {
        node.peers.remove(p.id);
        node.endedPeers--;
        if (!listeners.isEmpty()) {
            PeerKey key = new PeerKey(p.node, p.id);
            pendingNotices.add(() -> listeners.forEach(l -> l.dropped(key)));
        }
    }

    // ---- readers (any thread) ----------------------------------------------------------------

    /** The nodes seen so far, in the order first seen. */
    public synchronized List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    /** One node's figures, rates as of {@code nowNanos} (epoch ns); null for a node not seen. */
    public synchronized NodeSnapshot node(String name, long nowNanos) {
        Node n = nodes.get(name);
        return n == null ? null : n.snapshot(nowNanos);
    }

    /**
     * One node's peers in the order first seen, without those whose connection ended more than
     * {@link #GRACE_NANOS} before {@code nowNanos} (a replay passes its own clock).
     */
    public synchronized List<PeerSnapshot> peers(String node, long nowNanos) {
        Node n = nodes.get(node);
        if (n == null) {
            return List.of();
        }
        List<PeerSnapshot> list = new ArrayList<>(n.peers.size());
        for (Peer p : n.peers.values()) {
            if (p.open() || nowNanos - p.endedAtNanos <= GRACE_NANOS) {
                list.add(p.snapshot());
            }
        }
        return list;
    }

    /** One peer, or null when it is not tracked (never seen, dropped, or over the caps). */
    public synchronized PeerSnapshot peer(PeerKey key) {
        Node n = nodes.get(key.node());
        Peer p = n == null ? null : n.peers.get(key.peerId());
        return p == null ? null : p.snapshot();
    }

    /** One peer's traffic per message type in the order first seen (empty when not tracked). */
    public synchronized List<TypeTraffic> messageTypes(PeerKey key) {
        Node n = nodes.get(key.node());
        Peer p = n == null ? null : n.peers.get(key.peerId());
        return p == null ? List.of() : p.typeTraffic();
    }

    /** The time of the newest tracepoint event of any node (epoch ns), or -1: a replay's clock. */
    public long lastEventNanos() {
        return lastEventNanos;
    }
}
