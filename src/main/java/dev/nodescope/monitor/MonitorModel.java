package dev.nodescope.monitor;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.KeptMessage;
import dev.nodescope.node.MessageHistory;
import dev.nodescope.node.NodeSnapshot;
import dev.nodescope.node.NodeState;
import dev.nodescope.node.PeerSnapshot;
import dev.nodescope.node.TypeTraffic;
import dev.nodescope.stream.EventStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The monitor's view over the {@link NodeState}: which node the screen shows, and what only the
 * monitor keeps, each peer's last messages for the peer view. The state is folded on the stream
 * thread; the UI thread copies a {@link Snapshot} a few times a second, so the extractor never
 * waits on drawing. Memory is bounded by the state's caps and {@link #RECENT_MESSAGES} messages
 * per tracked peer with at most {@link #KEPT_PAYLOAD_BYTES} of payload each.
 */
public final class MonitorModel implements Consumer<Event> {
    static final int MAX_OPEN_PEERS = NodeState.MAX_OPEN_PEERS;
    static final int MAX_ENDED_PEERS = NodeState.MAX_ENDED_PEERS;
    static final long FADE_NANOS = NodeState.GRACE_NANOS;
    /** Messages kept per peer for the peer view's list. */
    static final int RECENT_MESSAGES = 200;
    /**
     * Payload bytes kept per listed message: enough to summarise almost every message (a
     * transaction's txid needs it whole), while 200 messages × a few hundred peers stay tens of MB.
     */
    static final int KEPT_PAYLOAD_BYTES = 4096;

    private final NodeState state;
    /** Whether this model folds the state itself (else whoever shares it registers it on the stream). */
    private final boolean foldsState;
    /** The last messages of each peer the state tracks (the payload cap binds, not the budget: 200 × 4 KB). */
    private final MessageHistory recent;
    /** The node on screen: the one attached last, else the first one seen. */
    private String shownNode;
    /** The user chose the node with n: attach events of other nodes no longer switch the screen. */
    private boolean nodeChosen;

    /** A monitor with a node state of its own, folded by {@link #accept} or {@link #register}. */
    public MonitorModel() {
        this(new NodeState(), true);
    }

    /** A view over a node state someone else registers on the stream (so several tools share one). */
    public MonitorModel(NodeState shared) {
        this(shared, false);
    }

    private MonitorModel(NodeState state, boolean foldsState) {
        this.state = state;
        this.foldsState = foldsState;
        this.recent = new MessageHistory(state, RECENT_MESSAGES, KEPT_PAYLOAD_BYTES, (long) RECENT_MESSAGES * KEPT_PAYLOAD_BYTES);
    }

    public NodeState state() {
        return state;
    }

    /** Registers what the monitor needs, per event type (so only those tracepoints are attached). */
    public MonitorModel register(EventStream stream) {
        if (foldsState) {
            state.register(stream);
        }
        stream.onEvent(MessageEvent.class, this::keep);
        stream.onEvent(Attached.class, this::keep);
        return this;
    }

    /** Folds one event into the state (when this model owns it) and the monitor's own lists. */
    @Override
    public void accept(Event event) {
        if (foldsState) {
            state.accept(event);
        }
        keep(event);
    }

    private void keep(Event event) {
        if (event instanceof Attached a) {
            synchronized (this) {
                if (!nodeChosen) {
                    shownNode = a.meta().node();
                }
            }
        } else if (event instanceof MessageEvent m) {
            recent.accept(m);
        }
    }

    /**
     * Copies what a frame draws: the shown node's figures and peers, without ended peers older
     * than {@link #FADE_NANOS} at {@code nowNanos}.
     *
     * @param detailPeer the peer whose detail to copy (the peer view), or -1 for none
     */
    public Snapshot snapshot(long nowNanos, long detailPeer) {
        String node = shownNode();
        NodeSnapshot n = node == null ? null : state.node(node, nowNanos);
        if (n == null) {
            return new Snapshot(nowNanos, new NodeStatus("", 0, 0, 0, null, -1, 0, -1, 0, 0, 0, Map.of()), List.of(), null);
        }
        List<PeerSnapshot> peers = state.peers(node, nowNanos);
        List<PeerRow> rows = new ArrayList<>(peers.size());
        PeerSnapshot detail = null;
        for (PeerSnapshot p : peers) {
            rows.add(row(p));
            if (p.id() == detailPeer) {
                detail = p;
            }
        }
        List<String> names = state.nodeNames();
        NodeStatus status = new NodeStatus(n.node(), names.indexOf(n.node()) + 1, names.size(), n.pid(), n.detachedReason(), n.height(),
                n.blockConnectNs(), n.blockAtNanos(), n.mempoolAdded(), n.mempoolRemoved(), n.events(), n.losses());
        return new Snapshot(nowNanos, status, rows, detail == null ? null : detail(detail));
    }

    /**
     * Shows the next node of a fleet (key n), in the order they were first seen; from then on the
     * choice stays (a node attaching again does not take the screen).
     */
    public synchronized void showNextNode() {
        List<String> names = state.nodeNames();
        if (names.size() < 2) {
            return;
        }
        int at = names.indexOf(shownNode());
        shownNode = names.get((at + 1) % names.size());
        nodeChosen = true;
    }

    /** The nodes seen, in order, for the status line's "2/3". */
    public List<String> nodeNames() {
        return state.nodeNames();
    }

    private synchronized String shownNode() {
        if (shownNode != null) {
            return shownNode;
        }
        List<String> names = state.nodeNames();
        return names.isEmpty() ? null : names.getFirst();
    }

    private static PeerRow row(PeerSnapshot p) {
        return new PeerRow(p.id(), p.connType(), p.network(), p.addr(), p.openedAtNanos(), p.firstSeenNanos(),
                PeerRow.State.valueOf(p.state().name()), p.endedAtNanos(), p.misbehaving(), p.msgsIn(), p.msgsOut(), p.bytesIn(),
                p.bytesOut(), p.lastMsgType(), p.lastMsgNanos());
    }

    private PeerDetail detail(PeerSnapshot p) {
        List<PeerDetail.TypeCount> counts = new ArrayList<>();
        for (TypeTraffic t : state.messageTypes(p.key())) {
            counts.add(new PeerDetail.TypeCount(t.type(), t.msgsIn(), t.bytesIn(), t.msgsOut(), t.bytesOut()));
        }
        List<KeptMessage> newestFirst = new ArrayList<>(recent.messages(p.key())).reversed();
        return new PeerDetail(row(p), counts, newestFirst);
    }

    /** Tracepoint events folded so far, all nodes. */
    public long events() {
        long sum = 0;
        for (String node : state.nodeNames()) {
            NodeSnapshot n = state.node(node, 0);
            sum += n == null ? 0 : n.events();
        }
        return sum;
    }

    /** The time of the newest tracepoint event (epoch ns), or -1: a replay's clock. */
    public long lastEventNanos() {
        return state.lastEventNanos();
    }
}
