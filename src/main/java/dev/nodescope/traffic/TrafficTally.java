package dev.nodescope.traffic;

import dev.nodescope.event.MessageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traffic of one selection (every node of a source, or one node), aggregated as the events
 * go by in memory that does not grow with the events: counts per message type, direction and
 * connection type (types bounded by {@link Labels}), per time block ({@link TimeBlocks}),
 * connected time ({@link Connections}), top talkers ({@link TopTalkers}) and accepted
 * transactions. mempool:added fires once per acceptance, so counting it counts unique
 * acceptances exactly without keeping any txid.
 */
final class TrafficTally {
    static final int TYPE_CAPACITY = 64;
    static final int CONN_CAPACITY = 16;
    /** At most this many node names are listed (a fleet of more is rare; the counts are not affected). */
    private static final int NODE_NAMES = 64;

    private final String node;
    private final Window window;
    private final Labels types = new Labels(TYPE_CAPACITY);
    private final Labels conns = new Labels(CONN_CAPACITY);
    private final Counts[] byKey = new Counts[TYPE_CAPACITY * 2 * CONN_CAPACITY];
    private final TimeBlocks blocks;
    private final Connections connections = new Connections(CONN_CAPACITY);
    private final TopTalkers talkers;
    private final Set<String> nodes = new TreeSet<>();
    private long accepted;
    private long events;

    /** {@code node}: only this node's events, or null for all. */
    TrafficTally(String node, Window window, long blockNanos, int maxBlocks, int talkerCapacity) {
        this.node = node;
        this.window = window;
        this.blocks = new TimeBlocks(blockNanos, maxBlocks, TYPE_CAPACITY, CONN_CAPACITY);
        this.talkers = new TopTalkers(talkerCapacity);
    }

    boolean wants(String eventNode) {
        return node == null || node.equals(eventNode);
    }

    private void saw(String eventNode) {
        events++;
        if (nodes.size() < NODE_NAMES) {
            nodes.add(eventNode);
        }
    }

    void message(MessageEvent e, long offset) {
        saw(e.meta().node());
        String msgType = e.msgType();
        int type = types.intern(msgType);
        int conn = conns.intern(e.connType());
        Direction dir = e.inbound() ? Direction.RECEIVED : Direction.SENT;
        boolean longId = !Transport.V2_SHORT_IDS.contains(msgType);
        int key = (type * 2 + dir.ordinal()) * CONN_CAPACITY + conn;
        Counts c = byKey[key];
        if (c == null) {
            c = byKey[key] = new Counts();
        }
        c.add(e.size(), longId);
        blocks.message(offset, type, dir, conn, e.size(), longId);
        PeerKey peer = new PeerKey(e.meta().node(), e.peerId());
        connections.seen(peer, conn, window.start());
        talkers.add(peer, e.addr(), e.connType(), e.inbound(), e.size());
    }

    void opened(String eventNode, long peerId, String connType, long nanos) {
        saw(eventNode);
        connections.opened(new PeerKey(eventNode, peerId), conns.intern(connType), nanos);
    }

    void closed(String eventNode, long peerId, String connType, long nanos) {
        saw(eventNode);
        connections.closed(new PeerKey(eventNode, peerId), conns.intern(connType), nanos, window.start());
    }

    void detached(String eventNode, long nanos) {
        connections.detached(eventNode, nanos);
    }

    void accepted(String eventNode, long offset) {
        saw(eventNode);
        accepted++;
        blocks.accepted(offset);
    }

    /** The totals, once the pass has ended. */
    TrafficSummary finish(String source, int top) {
        long start = window.start();
        long end = window.end();
        long[] peerNanos = connections.finish(end);
        List<TrafficSummary.Row> rows = new ArrayList<>();
        for (int type = 0; type < types.size(); type++) {
            for (Direction dir : Direction.values()) {
                for (int conn = 0; conn < conns.size(); conn++) {
                    Counts c = byKey[(type * 2 + dir.ordinal()) * CONN_CAPACITY + conn];
                    if (c != null) {
                        rows.add(new TrafficSummary.Row(types.name(type), dir, conns.name(conn), c));
                    }
                }
            }
        }
        List<String> typeNames = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            typeNames.add(types.name(i));
        }
        List<String> connNames = new ArrayList<>();
        long[] connPeerNanos = new long[conns.size()];
        for (int i = 0; i < conns.size(); i++) {
            connNames.add(conns.name(i));
            connPeerNanos[i] = peerNanos[i];
        }
        return new TrafficSummary(source, node, List.copyOf(nodes), events, start, end, rows, accepted, connections.count(),
                connNames, connPeerNanos, typeNames, talkers.top(top), talkers.peers(), talkers.exact(), talkers.capacity(),
                blocks.finish(Math.max(0, end - start)));
    }
}
