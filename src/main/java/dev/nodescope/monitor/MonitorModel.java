package dev.nodescope.monitor;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.TracepointEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The monitor's state, folded from events on the stream thread: peers with their counts, the
 * chain tip, mempool and loss counters. Each event is a few map and counter updates under one
 * lock; the UI thread holds that lock only to copy a {@link Snapshot} a few times a second, so
 * the extractor never waits on drawing. Memory is bounded: at most {@link #MAX_OPEN_PEERS}
 * connected and {@link #MAX_ENDED_PEERS} ended peers, {@link #RECENT_MESSAGES} messages per peer
 * with at most {@link #KEPT_PAYLOAD_BYTES} of payload each.
 */
public final class MonitorModel implements Consumer<Event> {
    /** Bitcoin Core allows a few hundred connections; more ids than this are not tracked. */
    static final int MAX_OPEN_PEERS = 4096;
    /** Closed and evicted peers kept (faded) at most; the oldest go first. */
    static final int MAX_ENDED_PEERS = 64;
    /** How long a closed or evicted peer stays in the table, marked, before it is removed. */
    static final long FADE_NANOS = 30_000_000_000L;
    /** Messages kept per peer for the peer view's list. */
    static final int RECENT_MESSAGES = 200;
    /**
     * Payload bytes kept per listed message: enough to summarise almost every message (a
     * transaction's txid needs it whole), while 200 messages × a few hundred peers stay tens of MB.
     */
    static final int KEPT_PAYLOAD_BYTES = 4096;

    /** Peers by id, in the order first seen. */
    private final Map<Long, PeerState> peers = new LinkedHashMap<>();
    private int openPeers;
    private int endedPeers;
    private String node = "";
    private int pid;
    private String detachedReason;
    private int height = -1;
    private long blockConnectNs;
    private long blockAtNanos = -1;
    private long mempoolAdded;
    private long mempoolRemoved;
    private long events;
    private final Map<String, Long> losses = new LinkedHashMap<>();
    private volatile long lastEventNanos = -1;

    @Override
    public synchronized void accept(Event event) {
        long at = event.meta().epochNanos();
        if (event instanceof TracepointEvent) {
            events++;
            if (at > lastEventNanos) {
                lastEventNanos = at;
            }
        }
        switch (event) {
            case MessageEvent m -> message(m, at);
            case ConnectionOpened o -> {
                PeerState p = peer(o.peerId(), at);
                if (p != null) {
                    p.connType = o.connType();
                    p.network = o.network().jsonName();
                    p.addr = o.addr();
                    p.openedAtNanos = at;
                }
            }
            case ConnectionEnded e -> ended(e, at);
            case MisbehavingConnection m -> {
                PeerState p = peer(m.peerId(), at);
                if (p != null) {
                    p.misbehaving = m.reason();
                }
            }
            case BlockConnected b -> {
                height = b.height();
                blockConnectNs = b.durationNs();
                blockAtNanos = at;
            }
            case MempoolAdded a -> mempoolAdded++;
            case MempoolRemoved r -> mempoolRemoved++;
            case Attached a -> {
                node = a.meta().node();
                pid = a.pid();
                detachedReason = null;
            }
            case Detached d -> detachedReason = d.reason();
            case Loss l -> losses.merge(l.stage(), l.count(), Long::sum);
            default -> {
                // other events only count towards events/s
            }
        }
    }

    private void message(MessageEvent m, long at) {
        PeerState p = peer(m.peerId(), at);
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
        if (payload != null && payload.length > KEPT_PAYLOAD_BYTES) {
            payload = Arrays.copyOf(payload, KEPT_PAYLOAD_BYTES);
        }
        if (p.recent.size() == RECENT_MESSAGES) {
            p.recent.removeFirst();
        }
        p.recent.addLast(new PeerDetail.RecentMessage(at, m.inbound(), m.msgType(), m.size(), payload));
    }

    private void ended(ConnectionEnded e, long at) {
        PeerState p = peer(e.peerId(), at);
        if (p == null || p.state != PeerRow.State.OPEN) {
            return;
        }
        p.connType = e.connType();
        p.network = e.network().jsonName();
        p.addr = e.addr();
        if (p.openedAtNanos < 0) {
            p.openedAtNanos = e.timeEstablished() * 1_000_000_000L;
        }
        p.state = e instanceof EvictedInboundConnection ? PeerRow.State.EVICTED : PeerRow.State.CLOSED;
        p.endedAtNanos = at;
        openPeers--;
        endedPeers++;
        if (endedPeers > MAX_ENDED_PEERS) {
            removeOldestEnded();
        }
    }

    /** The peer with this id, created on first sight; null when too many are tracked already. */
    private PeerState peer(long id, long at) {
        PeerState p = peers.get(id);
        if (p == null) {
            if (openPeers >= MAX_OPEN_PEERS) {
                return null;
            }
            p = new PeerState(id, at);
            peers.put(id, p);
            openPeers++;
        }
        return p;
    }

    private void removeOldestEnded() {
        PeerState oldest = null;
        for (PeerState p : peers.values()) {
            if (p.state != PeerRow.State.OPEN && (oldest == null || p.endedAtNanos < oldest.endedAtNanos)) {
                oldest = p;
            }
        }
        if (oldest != null) {
            peers.remove(oldest.id);
            endedPeers--;
        }
    }

    /**
     * Copies what a frame draws. Ended peers older than {@link #FADE_NANOS} at {@code nowNanos}
     * are removed here.
     *
     * @param detailPeer the peer whose detail to copy (the peer view), or -1 for none
     */
    public synchronized Snapshot snapshot(long nowNanos, long detailPeer) {
        List<PeerRow> rows = new ArrayList<>(peers.size());
        for (Iterator<PeerState> it = peers.values().iterator(); it.hasNext(); ) {
            PeerState p = it.next();
            if (p.state != PeerRow.State.OPEN && nowNanos - p.endedAtNanos > FADE_NANOS) {
                it.remove();
                endedPeers--;
                continue;
            }
            rows.add(p.row());
        }
        PeerState d = detailPeer >= 0 ? peers.get(detailPeer) : null;
        NodeStatus status = new NodeStatus(node, pid, detachedReason, height, blockConnectNs, blockAtNanos, mempoolAdded,
                mempoolRemoved, events, Collections.unmodifiableMap(new LinkedHashMap<>(losses)));
        return new Snapshot(nowNanos, status, rows, d == null ? null : d.detail());
    }

    /** Tracepoint events folded so far. */
    public synchronized long events() {
        return events;
    }

    /** The time of the newest tracepoint event (epoch ns), or -1: a replay's clock. */
    public long lastEventNanos() {
        return lastEventNanos;
    }
}
