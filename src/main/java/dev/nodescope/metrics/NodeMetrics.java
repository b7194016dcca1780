package dev.nodescope.metrics;

import dev.nodescope.event.Alert;
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
import dev.nodescope.event.ToolEvent;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoCacheSpent;
import dev.nodescope.event.UtxoCacheUncache;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.InvItem;
import dev.nodescope.p2p.P2pMessage;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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
    /** More open connections than this are not tracked per node (Bitcoin Core allows a few hundred). */
    static final int MAX_TRACKED_CONNECTIONS = 65_536;
    /** Pings in flight tracked at most per node (Core has one per peer). */
    static final int MAX_PINGS_IN_FLIGHT = 65_536;
    /** Nodes with a {@code node} label of their own; further nodes share {@code node="other"} (a fleet is tens). */
    public static final int MAX_NODES = 64;
    /** Longer node names are cut: the label is for telling nodes apart, not for prose. */
    public static final int MAX_NODE_LABEL_CHARS = 64;

    /**
     * The events the metrics are folded from, one per case of {@link #accept}: every tracepoint has
     * metrics, so a metrics stream attaches all selected tracepoints; tool events are all counted.
     */
    public static final List<Class<? extends Event>> EVENT_TYPES = List.of(MessageEvent.class, ConnectionOpened.class,
            ClosedConnection.class, EvictedInboundConnection.class, MisbehavingConnection.class, BlockConnected.class,
            UtxoCacheFlush.class, UtxoCacheAdd.class, UtxoCacheSpent.class, UtxoCacheUncache.class, MempoolAdded.class,
            MempoolRemoved.class, MempoolReplaced.class, MempoolRejected.class, SelectedCoins.class, NormalCreateTxInternal.class,
            AttemptingApsCreateTx.class, ApsCreateTxInternal.class, ToolEvent.class);

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
    private final Counter lost;
    private final Gauge attached;
    private final Gauge attachedTracepoints;
    private final Gauge missingTracepoints;
    private final Counter detached;

    /** Per node name: its label and what is kept for it. */
    private final Map<String, PerNode> nodes = new HashMap<>();
    /** The node of the previous event: almost always the next one's too (one map lookup saved per event). */
    private PerNode last;

    public NodeMetrics(PrometheusRegistry registry, boolean decodePayloads) {
        this(registry, decodePayloads, false, null);
    }

    /**
     * @param perPeer also keep message and byte counts per peer id; a peer's series are removed
     *                when its connection closes, so their number stays that of connected peers
     * @param node    the traced node's name, whose series exist from the start (at 0, so alerts and
     *                rate() see them), or null when the nodes are only known from the events (a replay)
     */
    public NodeMetrics(PrometheusRegistry registry, boolean decodePayloads, boolean perPeer, String node) {
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
                new double[] {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
        blocks = counter(registry, "nodescope_validation_blocks_connected_total", "Blocks connected");
        transactions = counter(registry, "nodescope_validation_transactions_connected_total", "Transactions in connected blocks");
        inputs = counter(registry, "nodescope_validation_inputs_connected_total", "Inputs in connected blocks");
        sigops = counter(registry, "nodescope_validation_sigops_connected_total", "Signature operations in connected blocks");
        bestHeight = gauge(registry, "nodescope_validation_best_height", "Height of the last block connected");

        flushes = counter(registry, "nodescope_utxocache_flushes_total", "Coins cache flushes", "mode", "for_prune");
        flushDuration = histogram(registry, "nodescope_utxocache_flush_duration_seconds", "Coins cache flush duration",
                new double[] {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300});
        flushCoins = gauge(registry, "nodescope_utxocache_flush_coins", "Coins in the cache at the last flush (before it)");
        flushMemory = gauge(registry, "nodescope_utxocache_flush_memory_bytes", "Cache memory at the last flush (before it)");
        coinsAdded = counter(registry, "nodescope_utxocache_coins_added_total", "Coins added to a coins cache");
        coinsSpent = counter(registry, "nodescope_utxocache_coins_spent_total", "Coins spent from a coins cache");
        coinsUncached = counter(registry, "nodescope_utxocache_coins_uncached_total", "Coins removed from a coins cache unspent");

        mempoolAdded = counter(registry, "nodescope_mempool_added_total", "Transactions added to the mempool");
        mempoolAddedVbytes = counter(registry, "nodescope_mempool_added_vbytes_total", "Virtual bytes of transactions added to the mempool");
        feeRate = histogram(registry, "nodescope_mempool_added_fee_rate_sat_per_vbyte", "Fee rate (base fee / vsize) of transactions added",
                new double[] {1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 100, 200, 500, 1000});
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
        if (node != null) {
            node(node);
        }
    }

    /** Every family carries the {@code node} label first, then its own. */
    private static Counter counter(PrometheusRegistry r, String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(withNode(labels)).withoutExemplars().register(r);
    }

    private static Gauge gauge(PrometheusRegistry r, String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(withNode(labels)).withoutExemplars().register(r);
    }

    private static Histogram histogram(PrometheusRegistry r, String name, String help, double[] bounds, String... labels) {
        return Histogram.builder().name(name).help(help).labelNames(withNode(labels)).classicOnly().classicUpperBounds(bounds)
                .withoutExemplars().register(r);
    }

    private static String[] withNode(String[] labels) {
        String[] all = new String[labels.length + 1];
        all[0] = "node";
        System.arraycopy(labels, 0, all, 1, labels.length);
        return all;
    }

    /** The node's series and state, created on first sight; nodes beyond {@link #MAX_NODES} share {@code other}. */
    private PerNode node(String name) {
        PerNode n = last;
        if (n != null && n.name.equals(name)) {
            return n;
        }
        n = nodes.get(name);
        if (n == null) {
            if (nodes.size() < MAX_NODES) {
                String label = name.length() > MAX_NODE_LABEL_CHARS ? name.substring(0, MAX_NODE_LABEL_CHARS) : name;
                n = new PerNode(name, label);
            } else {
                n = nodes.values().stream().filter(p -> p.label.equals(LabelValues.OTHER)).findFirst()
                        .orElseGet(() -> new PerNode(LabelValues.OTHER, LabelValues.OTHER));
            }
            nodes.put(name, n);
        }
        last = n;
        return n;
    }

    /** Folds the events it has metrics for from {@code stream}, one handler per event type. */
    public void register(EventStream stream) {
        for (Class<? extends Event> type : EVENT_TYPES) {
            stream.onEvent(type, this);
        }
    }

    @Override
    public void accept(Event event) {
        PerNode n = node(event.meta().node());
        if (event instanceof TracepointEvent tp) {
            n.eventsDp[tp.tracepoint().id()].inc();
        } else {
            events.labelValues(n.label, event.name()).inc();
        }
        switch (event) {
            case MessageEvent m -> message(n, m);
            case ConnectionOpened c -> {
                int dir = c instanceof InboundConnection ? 0 : 1;
                int conn = LabelValues.connTypeIndex(c.connType());
                opened.labelValues(n.label, DIRECTIONS[dir], LabelValues.connTypeName(conn), c.network().jsonName()).inc();
                if (n.open.size() < MAX_TRACKED_CONNECTIONS && !n.open.containsKey(c.peerId())) {
                    n.open.put(c.peerId(), new int[] {dir, conn, c.network().ordinal()});
                    connectionsGauge(n, dir, conn, c.network().ordinal()).inc();
                }
            }
            case ClosedConnection c -> {
                int conn = LabelValues.connTypeIndex(c.connType());
                int dir = "inbound".equals(c.connType()) ? 0 : 1;
                closed.labelValues(n.label, DIRECTIONS[dir], LabelValues.connTypeName(conn), c.network().jsonName()).inc();
                int[] known = n.open.remove(c.peerId());
                if (known != null) {
                    connectionsGauge(n, known[0], known[1], known[2]).dec();
                }
                n.pings.remove(c.peerId());
                removePeerSeries(n, c.peerId());
                double seconds = c.meta().epochNanos() / 1e9 - c.timeEstablished();
                if (c.timeEstablished() > 0 && seconds >= 0) {
                    lifetime.labelValues(n.label, LabelValues.connTypeName(conn)).observe(seconds);
                }
            }
            case EvictedInboundConnection c -> evicted.labelValues(n.label, c.network().jsonName()).inc();
            case MisbehavingConnection m -> misbehaving.labelValues(n.label, LabelValues.misbehavingReason(m.reason())).inc();
            case BlockConnected b -> {
                n.blockDuration.observe(b.durationNs() / 1e9);
                n.blocks.inc();
                n.transactions.inc(b.transactions());
                n.inputs.inc(b.inputs());
                n.sigops.inc(b.sigops());
                n.bestHeight.set(b.height());
            }
            case UtxoCacheFlush f -> {
                flushes.labelValues(n.label, f.mode().name(), Boolean.toString(f.forPrune())).inc();
                n.flushDuration.observe(f.durationUs() / 1e6);
                n.flushCoins.set(f.coins());
                n.flushMemory.set(f.memoryBytes());
            }
            case UtxoCacheAdd _ -> n.coinsAdded.inc();
            case UtxoCacheSpent _ -> n.coinsSpent.inc();
            case UtxoCacheUncache _ -> n.coinsUncached.inc();
            case MempoolAdded a -> {
                n.mempoolAdded.inc();
                n.mempoolAddedVbytes.inc(a.vsize());
                if (a.vsize() > 0) {
                    n.feeRate.observe((double) a.fee() / a.vsize());
                }
                n.mempoolEstimate.set(++n.mempoolCount);
            }
            case MempoolRemoved r -> {
                mempoolRemoved.labelValues(n.label, LabelValues.removalReason(r.reason())).inc();
                n.mempoolCount = Math.max(0, n.mempoolCount - 1);
                n.mempoolEstimate.set(n.mempoolCount);
            }
            case MempoolReplaced _ -> n.mempoolReplaced.inc();
            case MempoolRejected r -> mempoolRejected.labelValues(n.label, LabelValues.rejectReason(r.reason())).inc();
            case SelectedCoins s -> selections.labelValues(n.label, LabelValues.algorithm(s.algorithm())).inc();
            case NormalCreateTxInternal c -> createTx.labelValues(n.label, "normal", Boolean.toString(c.success())).inc();
            case AttemptingApsCreateTx _ -> n.apsAttempts.inc();
            case ApsCreateTxInternal a -> {
                createTx.labelValues(n.label, "aps", Boolean.toString(a.success())).inc();
                if (a.useAps()) {
                    n.apsUsed.inc();
                }
            }
            case Loss l -> {
                String tp = "*".equals(l.tracepoint()) || Tracepoint.byFullName(l.tracepoint()).isPresent() ? l.tracepoint() : LabelValues.OTHER;
                lost.labelValues(n.label, LabelValues.lossStage(l.stage()), tp).inc(l.count());
            }
            case Attached a -> {
                resetPeers(n);
                n.attached.set(1);
                n.attachedTracepoints.set(a.tracepoints().size());
                n.missingTracepoints.set(a.missing().size());
            }
            case Detached _ -> {
                resetPeers(n);
                n.attached.set(0);
                n.attachedTracepoints.set(0);
                n.detached.inc();
            }
            case Alert _ -> {
                // counted by the watch's own series (watch.sink.AlertMetrics), as events by the line above
            }
        }
    }

    /** A new or gone process: its connections and pings are gone. */
    private void resetPeers(PerNode n) {
        for (int[] c : n.open.values()) {
            connectionsGauge(n, c[0], c[1], c[2]).dec();
        }
        n.open.clear();
        n.pings.clear();
        for (long peer : n.peerSeries) {
            removeSeries(n, peer);
        }
        n.peerSeries.clear();
    }

    private void removePeerSeries(PerNode n, long peerId) {
        if (peerMessages != null && n.peerSeries.remove(peerId)) {
            removeSeries(n, peerId);
        }
    }

    private void removeSeries(PerNode n, long peerId) {
        String id = Long.toString(peerId);
        for (String direction : DIRECTIONS) {
            peerMessages.remove(n.label, id, direction);
            peerBytes.remove(n.label, id, direction);
        }
    }

    private io.prometheus.metrics.core.datapoints.GaugeDataPoint connectionsGauge(PerNode n, int dir, int conn, int network) {
        return connections.labelValues(n.label, DIRECTIONS[dir], LabelValues.connTypeName(conn), Network.values()[network].jsonName());
    }

    private void message(PerNode n, MessageEvent m) {
        int dir = m.inbound() ? 0 : 1;
        int msg = LabelValues.msgTypeIndex(m.msgType());
        int conn = LabelValues.connTypeIndex(m.connType());
        CounterDataPoint count = n.messagesDp[dir][msg][conn];
        if (count == null) {
            String[] labels = {n.label, DIRECTIONS[dir], LabelValues.msgTypeName(msg), LabelValues.connTypeName(conn)};
            count = n.messagesDp[dir][msg][conn] = messages.labelValues(labels);
            n.bytesDp[dir][msg][conn] = bytes.labelValues(labels);
        }
        count.inc();
        n.bytesDp[dir][msg][conn].inc(m.size());
        if (peerMessages != null) {
            if (n.peerSeries.size() >= MAX_TRACKED_CONNECTIONS && !n.peerSeries.contains(m.peerId())) {
                resetPeerSeries(n); // peers never seen closing: start over, stay bounded
            }
            n.peerSeries.add(m.peerId());
            String id = Long.toString(m.peerId());
            peerMessages.labelValues(n.label, id, DIRECTIONS[dir]).inc();
            peerBytes.labelValues(n.label, id, DIRECTIONS[dir]).inc(m.size());
        }
        DistributionDataPoint size = n.sizeDp[dir][msg];
        if (size == null) {
            size = n.sizeDp[dir][msg] = messageSize.labelValues(n.label, DIRECTIONS[dir], LabelValues.msgTypeName(msg));
        }
        size.observe(m.size());
        if (msg == LabelValues.MSG_TYPES.size()) {
            unknownMessages.labelValues(n.label, DIRECTIONS[dir]).inc();
            return;
        }
        if (decodePayloads && m.payload() != null) {
            switch (m.msgType()) {
                case "ping", "pong", "inv", "getdata", "notfound", "addr", "addrv2" -> decoded(n, m, dir, conn);
                default -> {
                }
            }
        }
    }

    private void resetPeerSeries(PerNode n) {
        for (long peer : n.peerSeries) {
            removeSeries(n, peer);
        }
        n.peerSeries.clear();
    }

    private void decoded(PerNode n, MessageEvent m, int dir, int conn) {
        if (m.truncated()) {
            decodeTruncated.labelValues(n.label, m.msgType()).inc();
            return;
        }
        DecodeResult r = m.decode();
        if (!r.ok()) {
            decodeErrors.labelValues(n.label, m.msgType()).inc();
            return;
        }
        switch (r.message()) {
            case P2pMessage.Ping p when dir == 1 -> {
                if (n.pings.size() >= MAX_PINGS_IN_FLIGHT && !n.pings.containsKey(m.peerId())) {
                    n.pings.clear(); // pongs were lost or peers never closed: start over, stay bounded
                }
                n.pings.put(m.peerId(), new long[] {p.nonce(), m.meta().monoNs(), conn});
            }
            case P2pMessage.Pong p when dir == 0 -> {
                long[] ping = n.pings.get(m.peerId());
                if (ping != null && ping[0] == p.nonce()) {
                    n.pings.remove(m.peerId());
                    long rtt = m.meta().monoNs() - ping[1];
                    if (rtt >= 0) {
                        pingRtt.labelValues(n.label, LabelValues.connTypeName((int) ping[2])).observe(rtt / 1e9);
                    }
                }
            }
            case P2pMessage.Inv inv -> inv(n, dir, "inv", inv.items());
            case P2pMessage.GetData g -> inv(n, dir, "getdata", g.items());
            case P2pMessage.NotFound nf -> inv(n, dir, "notfound", nf.items());
            case P2pMessage.Addr a -> addrEntries.labelValues(n.label, DIRECTIONS[dir], "addr").observe(a.addresses().size());
            case P2pMessage.AddrV2 a -> addrEntries.labelValues(n.label, DIRECTIONS[dir], "addrv2").observe(a.addresses().size());
            default -> {
            }
        }
    }

    private void inv(PerNode n, int dir, String msgType, List<InvItem> items) {
        for (InvItem item : items) {
            invEntries.labelValues(n.label, DIRECTIONS[dir], msgType, LabelValues.invType(item.typeName())).inc();
        }
    }

    /** Open connections tracked now, all nodes (for tests of boundedness). */
    int trackedConnections() {
        return nodes.values().stream().distinct().mapToInt(n -> n.open.size()).sum();
    }

    int pingsInFlight() {
        return nodes.values().stream().distinct().mapToInt(n -> n.pings.size()).sum();
    }

    /**
     * One node's label, its cached data points (a label lookup per event would cost more than the
     * increment) and its per-peer state: open connections, pings in flight, peers with series.
     */
    private final class PerNode {
        final String name;
        final String label;
        final CounterDataPoint[][][] messagesDp = new CounterDataPoint[2][MSG][CONN];
        final CounterDataPoint[][][] bytesDp = new CounterDataPoint[2][MSG][CONN];
        final DistributionDataPoint[][] sizeDp = new DistributionDataPoint[2][MSG];
        final CounterDataPoint[] eventsDp = new CounterDataPoint[Tracepoint.count()];
        final DistributionDataPoint blockDuration;
        final CounterDataPoint blocks;
        final CounterDataPoint transactions;
        final CounterDataPoint inputs;
        final CounterDataPoint sigops;
        final GaugeDataPoint bestHeight;
        final DistributionDataPoint flushDuration;
        final GaugeDataPoint flushCoins;
        final GaugeDataPoint flushMemory;
        final CounterDataPoint coinsAdded;
        final CounterDataPoint coinsSpent;
        final CounterDataPoint coinsUncached;
        final CounterDataPoint mempoolAdded;
        final CounterDataPoint mempoolAddedVbytes;
        final DistributionDataPoint feeRate;
        final CounterDataPoint mempoolReplaced;
        final GaugeDataPoint mempoolEstimate;
        final CounterDataPoint apsAttempts;
        final CounterDataPoint apsUsed;
        final GaugeDataPoint attached;
        final GaugeDataPoint attachedTracepoints;
        final GaugeDataPoint missingTracepoints;
        final CounterDataPoint detached;
        /** Open connections: peer id → label indexes {direction, conn type, network ordinal}. */
        final Map<Long, int[]> open = new HashMap<>();
        /** Pings we sent and have no pong for: peer id → {nonce, mono ns, conn type index}. */
        final Map<Long, long[]> pings = new HashMap<>();
        /** Peers with per-peer series (--per-peer). */
        final Set<Long> peerSeries = new HashSet<>();
        long mempoolCount;

        PerNode(String name, String label) {
            this.name = name;
            this.label = label;
            NodeMetrics m = NodeMetrics.this;
            blockDuration = m.blockDuration.labelValues(label);
            blocks = m.blocks.labelValues(label);
            transactions = m.transactions.labelValues(label);
            inputs = m.inputs.labelValues(label);
            sigops = m.sigops.labelValues(label);
            bestHeight = m.bestHeight.labelValues(label);
            flushDuration = m.flushDuration.labelValues(label);
            flushCoins = m.flushCoins.labelValues(label);
            flushMemory = m.flushMemory.labelValues(label);
            coinsAdded = m.coinsAdded.labelValues(label);
            coinsSpent = m.coinsSpent.labelValues(label);
            coinsUncached = m.coinsUncached.labelValues(label);
            mempoolAdded = m.mempoolAdded.labelValues(label);
            mempoolAddedVbytes = m.mempoolAddedVbytes.labelValues(label);
            feeRate = m.feeRate.labelValues(label);
            mempoolReplaced = m.mempoolReplaced.labelValues(label);
            mempoolEstimate = m.mempoolEstimate.labelValues(label);
            apsAttempts = m.apsAttempts.labelValues(label);
            apsUsed = m.apsUsed.labelValues(label);
            attached = m.attached.labelValues(label);
            attachedTracepoints = m.attachedTracepoints.labelValues(label);
            missingTracepoints = m.missingTracepoints.labelValues(label);
            detached = m.detached.labelValues(label);
            // series that must exist from the start, so alerts and rate() see them at 0
            attached.set(0);
            for (Tracepoint tp : Tracepoint.values()) {
                eventsDp[tp.id()] = m.events.labelValues(label, tp.fullName());
            }
            // every loss the extractor can report, at 0: "no data" on a dashboard reads as "unknown",
            // and increase() misses the first loss of a series that appears with it
            for (LossStage stage : SourceStats.empty().stages()) {
                for (Tracepoint tp : Tracepoint.values()) {
                    m.lost.labelValues(label, stage.jsonName(), tp.fullName());
                }
            }
            m.lost.labelValues(label, LossStage.DECODE.jsonName(), "*");
        }
    }
}
