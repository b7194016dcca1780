package dev.nodescope.metrics;

import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.Attached;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoCacheSpent;
import dev.nodescope.event.UtxoCacheUncache;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.stream.ExtractionStats;
import dev.nodescope.p2p.InvItem;
import dev.nodescope.p2p.P2pMessage;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns events into Prometheus metrics (the families are listed in docs/metrics.md). Call
 * {@link #accept} from one thread (the stream's); scrapes may run concurrently on any thread.
 * All per-peer state (open connections, pings in flight) is capped, and every label value comes
 * from {@link LabelValues}, so memory and the number of series stay bounded however long it runs.
 */
public final class NodeMetrics implements Consumer<Event> {
    /** More open connections than this are not tracked (Bitcoin Core allows a few hundred). */
    static final int MAX_TRACKED_CONNECTIONS = 65_536;
    /** Pings in flight tracked at most (Core has one per peer). */
    static final int MAX_PINGS_IN_FLIGHT = 65_536;

    private static final String[] DIRECTIONS = {"inbound", "outbound"};
    private static final int MSG = LabelValues.MSG_TYPES.size() + 1;
    private static final int CONN = LabelValues.CONN_TYPES.size() + 1;

    private final boolean decodePayloads;
    /** Per-peer series (peer id label), only while the peer is connected; null unless asked for. */
    private final Counter peerMessages;
    private final Counter peerBytes;

    // P2P
    private final Counter messages;
    private final Counter bytes;
    private final Histogram messageSize;
    private final Counter unknownMessages;
    private final Counter invEntries;
    private final Histogram addrEntries;
    private final Histogram pingRtt;
    private final Counter decodeErrors;
    private final Counter decodeTruncated;
    private final CounterDataPoint[][][] messagesDp = new CounterDataPoint[2][MSG][CONN];
    private final CounterDataPoint[][][] bytesDp = new CounterDataPoint[2][MSG][CONN];
    private final DistributionDataPoint[][] sizeDp = new DistributionDataPoint[2][MSG];
    // connections
    private final Counter opened;
    private final Counter closed;
    private final Counter evicted;
    private final Counter misbehaving;
    private final Gauge connections;
    private final Histogram lifetime;
    // validation
    private final Histogram blockDuration;
    private final Counter blocks;
    private final Counter transactions;
    private final Counter inputs;
    private final Counter sigops;
    private final Gauge bestHeight;
    // utxo cache
    private final Counter flushes;
    private final Histogram flushDuration;
    private final Gauge flushCoins;
    private final Gauge flushMemory;
    private final Counter coinsAdded;
    private final Counter coinsSpent;
    private final Counter coinsUncached;
    // mempool
    private final Counter mempoolAdded;
    private final Counter mempoolAddedVbytes;
    private final Histogram feeRate;
    private final Counter mempoolRemoved;
    private final Counter mempoolReplaced;
    private final Counter mempoolRejected;
    private final Gauge mempoolEstimate;
    // coin selection
    private final Counter selections;
    private final Counter createTx;
    private final Counter apsAttempts;
    private final Counter apsUsed;
    // nodescope
    private final Counter events;
    private final CounterDataPoint[] eventsDp = new CounterDataPoint[Tracepoint.count()];
    private final Counter lost;
    private final Gauge attached;
    private final Gauge attachedTracepoints;
    private final Gauge missingTracepoints;
    private final Counter detached;

    /** Open connections: peer id → label indexes {direction, conn type, network ordinal}. */
    private final Map<Long, int[]> open = new HashMap<>();
    /** Pings we sent and have no pong for: peer id → {nonce, mono ns, conn type index}. */
    private final Map<Long, long[]> pings = new HashMap<>();
    private long mempoolCount;

    public NodeMetrics(PrometheusRegistry registry, boolean decodePayloads) {
        this(registry, decodePayloads, false);
    }

    /**
     * @param perPeer also keep message and byte counts per peer id; a peer's series are removed
     *                when its connection closes, so their number stays that of connected peers
     */
    public NodeMetrics(PrometheusRegistry registry, boolean decodePayloads, boolean perPeer) {
        this.decodePayloads = decodePayloads;
        peerMessages = perPeer ? counter(registry, "nodescope_peer_messages_total",
                "P2P messages per connected peer (--per-peer; removed when the peer disconnects)", "peer_id", "direction") : null;
        peerBytes = perPeer ? counter(registry, "nodescope_peer_bytes_total",
                "P2P payload bytes per connected peer (--per-peer; removed when the peer disconnects)", "peer_id", "direction") : null;
        messages = counter(registry, "nodescope_p2p_messages_total", "P2P messages (net:*_message events)", "direction", "msg_type", "conn_type");
        bytes = counter(registry, "nodescope_p2p_bytes_total", "P2P payload bytes, without the 24-byte v1 message header", "direction", "msg_type", "conn_type");
        messageSize = histogram(registry, "nodescope_p2p_message_size_bytes", "P2P payload sizes",
                new double[] {0, 8, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536, 262144, 1048576, 4000000}, "direction", "msg_type");
        unknownMessages = counter(registry, "nodescope_p2p_unknown_messages_total", "P2P messages of a type Bitcoin Core does not know (msg_type=\"other\")", "direction");
        invEntries = counter(registry, "nodescope_p2p_inv_entries_total", "Inventory entries of inv, getdata and notfound (needs payload decoding)", "direction", "msg_type", "inv_type");
        addrEntries = histogram(registry, "nodescope_p2p_addr_entries_per_message", "Addresses per addr/addrv2 message (needs payload decoding)",
                new double[] {0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000}, "direction", "msg_type");
        pingRtt = histogram(registry, "nodescope_p2p_ping_rtt_seconds", "Ping round-trip time: our ping to the peer's pong with the same nonce (needs payload decoding)",
                new double[] {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}, "conn_type");
        decodeErrors = counter(registry, "nodescope_p2p_decode_errors_total", "Whole payloads that did not decode", "msg_type");
        decodeTruncated = counter(registry, "nodescope_p2p_decode_truncated_total", "Payloads not decoded for metrics because the capture was cut", "msg_type");

        opened = counter(registry, "nodescope_connections_opened_total", "Peer connections opened", "direction", "conn_type", "network");
        closed = counter(registry, "nodescope_connections_closed_total", "Peer connections closed", "direction", "conn_type", "network");
        evicted = counter(registry, "nodescope_connections_evicted_total", "Inbound connections evicted", "network");
        misbehaving = counter(registry, "nodescope_connections_misbehaving_total", "Peers marked misbehaving, by normalised reason", "reason");
        connections = gauge(registry, "nodescope_connections", "Open peer connections seen opened since attaching", "direction", "conn_type", "network");
        lifetime = histogram(registry, "nodescope_connection_lifetime_seconds", "Lifetime of closed connections",
                new double[] {1, 10, 60, 300, 1800, 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600}, "conn_type");

        blockDuration = histogram(registry, "nodescope_validation_block_connect_duration_seconds", "ConnectBlock duration",
                new double[] {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}, new String[0]);
        blocks = counter(registry, "nodescope_validation_blocks_connected_total", "Blocks connected");
        transactions = counter(registry, "nodescope_validation_transactions_connected_total", "Transactions in connected blocks");
        inputs = counter(registry, "nodescope_validation_inputs_connected_total", "Inputs in connected blocks");
        sigops = counter(registry, "nodescope_validation_sigops_connected_total", "Signature operations in connected blocks");
        bestHeight = gauge(registry, "nodescope_validation_best_height", "Height of the last block connected");

        flushes = counter(registry, "nodescope_utxocache_flushes_total", "Coins cache flushes", "mode", "for_prune");
        flushDuration = histogram(registry, "nodescope_utxocache_flush_duration_seconds", "Coins cache flush duration",
                new double[] {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300}, new String[0]);
        flushCoins = gauge(registry, "nodescope_utxocache_flush_coins", "Coins in the cache at the last flush (before it)");
        flushMemory = gauge(registry, "nodescope_utxocache_flush_memory_bytes", "Cache memory at the last flush (before it)");
        coinsAdded = counter(registry, "nodescope_utxocache_coins_added_total", "Coins added to a coins cache");
        coinsSpent = counter(registry, "nodescope_utxocache_coins_spent_total", "Coins spent from a coins cache");
        coinsUncached = counter(registry, "nodescope_utxocache_coins_uncached_total", "Coins removed from a coins cache unspent");

        mempoolAdded = counter(registry, "nodescope_mempool_added_total", "Transactions added to the mempool");
        mempoolAddedVbytes = counter(registry, "nodescope_mempool_added_vbytes_total", "Virtual bytes of transactions added to the mempool");
        feeRate = histogram(registry, "nodescope_mempool_added_fee_rate_sat_per_vbyte", "Fee rate (base fee / vsize) of transactions added",
                new double[] {1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 100, 200, 500, 1000}, new String[0]);
        mempoolRemoved = counter(registry, "nodescope_mempool_removed_total", "Transactions removed from the mempool", "reason");
        mempoolReplaced = counter(registry, "nodescope_mempool_replaced_total", "Transactions replaced (RBF)");
        mempoolRejected = counter(registry, "nodescope_mempool_rejected_total", "Transactions rejected, by reason (bounded set)", "reason");
        mempoolEstimate = gauge(registry, "nodescope_mempool_transactions_estimate", "Transactions added minus removed since attaching (never below 0)");

        selections = counter(registry, "nodescope_coin_selection_selections_total", "Successful coin selections", "algorithm");
        createTx = counter(registry, "nodescope_coin_selection_create_tx_total", "CreateTransactionInternal attempts finished", "attempt", "success");
        apsAttempts = counter(registry, "nodescope_coin_selection_aps_attempts_total", "Avoid-partial-spends attempts started");
        apsUsed = counter(registry, "nodescope_coin_selection_aps_used_total", "Avoid-partial-spends results that were used");

        events = counter(registry, "nodescope_events_total", "Events received, per tracepoint or tool event", "tracepoint");
        lost = counter(registry, "nodescope_events_lost_total", "Losses reported by nodescope:loss events, by stage and tracepoint", "stage", "tracepoint");
        attached = gauge(registry, "nodescope_attached", "1 while attached to a bitcoind, else 0");
        attachedTracepoints = gauge(registry, "nodescope_attached_tracepoints", "Tracepoints attached");
        missingTracepoints = gauge(registry, "nodescope_missing_tracepoints", "Tracepoints the traced binary lacks");
        detached = counter(registry, "nodescope_detached_total", "Detachments (e.g. bitcoind exited)");
        // series that must exist from the start, so alerts and rate() see them at 0
        attached.set(0);
        for (Tracepoint tp : Tracepoint.values()) {
            eventsDp[tp.id()] = events.labelValues(tp.fullName());
        }
        // every loss the extractor can report, at 0: "no data" on a dashboard reads as "unknown",
        // and increase() misses the first loss of a series that appears with it
        for (String stage : ExtractionStats.empty().losses().keySet()) {
            for (Tracepoint tp : Tracepoint.values()) {
                lost.labelValues(stage, tp.fullName());
            }
        }
        lost.labelValues(ExtractionStats.DECODE, "*");
    }

    private static Counter counter(PrometheusRegistry r, String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(r);
    }

    private static Gauge gauge(PrometheusRegistry r, String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(r);
    }

    private static Histogram histogram(PrometheusRegistry r, String name, String help, double[] bounds, String... labels) {
        return Histogram.builder().name(name).help(help).labelNames(labels).classicOnly().classicUpperBounds(bounds)
                .withoutExemplars().register(r);
    }

    @Override
    public void accept(Event event) {
        if (event instanceof TracepointEvent tp) {
            eventsDp[tp.tracepoint().id()].inc();
        } else {
            events.labelValues(event.name()).inc();
        }
        switch (event) {
            case MessageEvent m -> message(m);
            case ConnectionOpened c -> {
                int dir = c instanceof InboundConnection ? 0 : 1;
                int conn = LabelValues.connTypeIndex(c.connType());
                opened.labelValues(DIRECTIONS[dir], LabelValues.connTypeName(conn), c.network().jsonName()).inc();
                if (open.size() < MAX_TRACKED_CONNECTIONS && !open.containsKey(c.peerId())) {
                    open.put(c.peerId(), new int[] {dir, conn, c.network().ordinal()});
                    connectionsGauge(dir, conn, c.network().ordinal()).inc();
                }
            }
            case ClosedConnection c -> {
                int conn = LabelValues.connTypeIndex(c.connType());
                int dir = "inbound".equals(c.connType()) ? 0 : 1;
                closed.labelValues(DIRECTIONS[dir], LabelValues.connTypeName(conn), c.network().jsonName()).inc();
                int[] known = open.remove(c.peerId());
                if (known != null) {
                    connectionsGauge(known[0], known[1], known[2]).dec();
                }
                pings.remove(c.peerId());
                removePeerSeries(c.peerId());
                double seconds = c.meta().epochNanos() / 1e9 - c.timeEstablished();
                if (c.timeEstablished() > 0 && seconds >= 0) {
                    lifetime.labelValues(LabelValues.connTypeName(conn)).observe(seconds);
                }
            }
            case EvictedInboundConnection c -> evicted.labelValues(c.network().jsonName()).inc();
            case MisbehavingConnection m -> misbehaving.labelValues(LabelValues.misbehavingReason(m.reason())).inc();
            case BlockConnected b -> {
                blockDuration.observe(b.durationNs() / 1e9);
                blocks.inc();
                transactions.inc(b.transactions());
                inputs.inc(b.inputs());
                sigops.inc(b.sigops());
                bestHeight.set(b.height());
            }
            case UtxoCacheFlush f -> {
                flushes.labelValues(f.mode().name(), Boolean.toString(f.forPrune())).inc();
                flushDuration.observe(f.durationUs() / 1e6);
                flushCoins.set(f.coins());
                flushMemory.set(f.memoryBytes());
            }
            case UtxoCacheAdd _ -> coinsAdded.inc();
            case UtxoCacheSpent _ -> coinsSpent.inc();
            case UtxoCacheUncache _ -> coinsUncached.inc();
            case MempoolAdded a -> {
                mempoolAdded.inc();
                mempoolAddedVbytes.inc(a.vsize());
                if (a.vsize() > 0) {
                    feeRate.observe((double) a.fee() / a.vsize());
                }
                mempoolEstimate.set(++mempoolCount);
            }
            case MempoolRemoved r -> {
                mempoolRemoved.labelValues(LabelValues.removalReason(r.reason())).inc();
                mempoolCount = Math.max(0, mempoolCount - 1);
                mempoolEstimate.set(mempoolCount);
            }
            case MempoolReplaced _ -> mempoolReplaced.inc();
            case MempoolRejected r -> mempoolRejected.labelValues(LabelValues.rejectReason(r.reason())).inc();
            case SelectedCoins s -> selections.labelValues(LabelValues.algorithm(s.algorithm())).inc();
            case NormalCreateTxInternal n -> createTx.labelValues("normal", Boolean.toString(n.success())).inc();
            case AttemptingApsCreateTx _ -> apsAttempts.inc();
            case ApsCreateTxInternal a -> {
                createTx.labelValues("aps", Boolean.toString(a.success())).inc();
                if (a.useAps()) {
                    apsUsed.inc();
                }
            }
            case Loss l -> {
                String tp = "*".equals(l.tracepoint()) || Tracepoint.byFullName(l.tracepoint()).isPresent() ? l.tracepoint() : LabelValues.OTHER;
                lost.labelValues(LabelValues.lossStage(l.stage()), tp).inc(l.count());
            }
            case Attached a -> {
                resetPeers();
                attached.set(1);
                attachedTracepoints.set(a.tracepoints().size());
                missingTracepoints.set(a.missing().size());
            }
            case Detached _ -> {
                resetPeers();
                attached.set(0);
                attachedTracepoints.set(0);
                detached.inc();
            }
        }
    }

    /** A new or gone process: its connections and pings are gone. */
    private void resetPeers() {
        for (int[] c : open.values()) {
            connectionsGauge(c[0], c[1], c[2]).dec();
        }
        open.clear();
        pings.clear();
        if (peerMessages != null) {
            peerMessages.clear();
            peerBytes.clear();
        }
    }

    private void removePeerSeries(long peerId) {
        if (peerMessages == null) {
            return;
        }
        String id = Long.toString(peerId);
        for (String direction : DIRECTIONS) {
            peerMessages.remove(id, direction);
            peerBytes.remove(id, direction);
        }
    }

    private io.prometheus.metrics.core.datapoints.GaugeDataPoint connectionsGauge(int dir, int conn, int network) {
        return connections.labelValues(DIRECTIONS[dir], LabelValues.connTypeName(conn), Network.values()[network].jsonName());
    }

    private void message(MessageEvent m) {
        int dir = m.inbound() ? 0 : 1;
        int msg = LabelValues.msgTypeIndex(m.msgType());
        int conn = LabelValues.connTypeIndex(m.connType());
        CounterDataPoint count = messagesDp[dir][msg][conn];
        if (count == null) {
            String[] labels = {DIRECTIONS[dir], LabelValues.msgTypeName(msg), LabelValues.connTypeName(conn)};
            count = messagesDp[dir][msg][conn] = messages.labelValues(labels);
            bytesDp[dir][msg][conn] = bytes.labelValues(labels);
        }
        count.inc();
        bytesDp[dir][msg][conn].inc(m.size());
        if (peerMessages != null) {
            String id = Long.toString(m.peerId());
            peerMessages.labelValues(id, DIRECTIONS[dir]).inc();
            peerBytes.labelValues(id, DIRECTIONS[dir]).inc(m.size());
        }
        DistributionDataPoint size = sizeDp[dir][msg];
        if (size == null) {
            size = sizeDp[dir][msg] = messageSize.labelValues(DIRECTIONS[dir], LabelValues.msgTypeName(msg));
        }
        size.observe(m.size());
        if (msg == LabelValues.MSG_TYPES.size()) {
            unknownMessages.labelValues(DIRECTIONS[dir]).inc();
            return;
        }
        if (decodePayloads && m.payload() != null) {
            switch (m.msgType()) {
                case "ping", "pong", "inv", "getdata", "notfound", "addr", "addrv2" -> decoded(m, dir, conn);
                default -> {
                }
            }
        }
    }

    private void decoded(MessageEvent m, int dir, int conn) {
        if (m.truncated()) {
            decodeTruncated.labelValues(m.msgType()).inc();
            return;
        }
        DecodeResult r = m.decode();
        if (!r.ok()) {
            decodeErrors.labelValues(m.msgType()).inc();
            return;
        }
        switch (r.message()) {
            case P2pMessage.Ping p when dir == 1 -> {
                if (pings.size() >= MAX_PINGS_IN_FLIGHT && !pings.containsKey(m.peerId())) {
                    pings.clear(); // pongs were lost or peers never closed: start over, stay bounded
                }
                pings.put(m.peerId(), new long[] {p.nonce(), m.meta().monoNs(), conn});
            }
            case P2pMessage.Pong p when dir == 0 -> {
                long[] ping = pings.get(m.peerId());
                if (ping != null && ping[0] == p.nonce()) {
                    pings.remove(m.peerId());
                    long rtt = m.meta().monoNs() - ping[1];
                    if (rtt >= 0) {
                        pingRtt.labelValues(LabelValues.connTypeName((int) ping[2])).observe(rtt / 1e9);
                    }
                }
            }
            case P2pMessage.Inv inv -> inv(dir, "inv", inv.items());
            case P2pMessage.GetData g -> inv(dir, "getdata", g.items());
            case P2pMessage.NotFound n -> inv(dir, "notfound", n.items());
            case P2pMessage.Addr a -> addrEntries.labelValues(DIRECTIONS[dir], "addr").observe(a.addresses().size());
            case P2pMessage.AddrV2 a -> addrEntries.labelValues(DIRECTIONS[dir], "addrv2").observe(a.addresses().size());
            default -> {
            }
        }
    }

    private void inv(int dir, String msgType, List<InvItem> items) {
        for (InvItem item : items) {
            invEntries.labelValues(DIRECTIONS[dir], msgType, LabelValues.invType(item.typeName())).inc();
        }
    }

    /** Open connections tracked now (for tests of boundedness). */
    int trackedConnections() {
        return open.size();
    }

    int pingsInFlight() {
        return pings.size();
    }
}
