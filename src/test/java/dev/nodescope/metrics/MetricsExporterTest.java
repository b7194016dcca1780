package dev.nodescope.metrics;

import dev.nodescope.Heap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.Attached;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Detached;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.FlushMode;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoCacheSpent;
import dev.nodescope.event.UtxoCacheUncache;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic events in, one HTTP scrape out, exact values. */
class MetricsExporterTest {
    static final long EPOCH_NS = 1_700_000_200_000_000_000L;
    static final String TXID = "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
    static final String ADDR_IN = "203.0.113.7:50412";
    static final String ADDR_OUT = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:18333";
    private long seq;

    EventMeta meta(long monoNs) {
        return new EventMeta("test", 4242, 4243, "b-msghand", monoNs, EPOCH_NS + monoNs, seq++);
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    static InboundMessage in(EventMeta m, long peer, String addr, String conn, String type, byte[] payload) {
        return new InboundMessage(m, peer, addr, conn, type, payload.length, payload.length, false, payload);
    }

    static OutboundMessage out(EventMeta m, long peer, String addr, String conn, String type, byte[] payload) {
        return new OutboundMessage(m, peer, addr, conn, type, payload.length, payload.length, false, payload);
    }

    @Test
    void everyFamilyHasTheExactValues() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).decodePayloads(true).build().start()) {
            assertThat(exporter.port()).isPositive();
            assertThat(exporter.metricsUri().toString()).startsWith("http://127.0.0.1:");
            String zeros32 = "00".repeat(32);
            exporter.accept(new Attached(meta(0), "/usr/bin/bitcoind", 4242, List.of("net:inbound_message", "net:outbound_message"), List.of("mempool:added")));
            exporter.accept(new InboundConnection(meta(1), 7, ADDR_IN, "inbound", Network.IPV4, 1));
            exporter.accept(new OutboundConnection(meta(2), 8, ADDR_OUT, "outbound-full-relay", Network.ONION, 1));
            exporter.accept(new OutboundConnection(meta(3), 9, "[2001:db8::1]:8333", "block-relay-only", Network.IPV6, 2));
            // ping 8 → pong from 8 250 ms later: one RTT of 0.25 s for outbound-full-relay
            exporter.accept(out(meta(1_000_000_000L), 8, ADDR_OUT, "outbound-full-relay", "ping", hex("0807060504030201")));
            exporter.accept(in(meta(1_100_000_000L), 8, ADDR_OUT, "outbound-full-relay", "pong", hex("ffffffffffffffff"))); // other nonce: ignored
            exporter.accept(in(meta(1_250_000_000L), 8, ADDR_OUT, "outbound-full-relay", "pong", hex("0807060504030201")));
            exporter.accept(in(meta(1_300_000_000L), 8, ADDR_OUT, "outbound-full-relay", "pong", hex("0807060504030201"))); // answered already
            // inv with MSG_TX and MSG_WITNESS_BLOCK; a cut inv (decode error); unknown type; addrv2 with 0 entries
            exporter.accept(in(meta(5), 7, ADDR_IN, "inbound", "inv", hex("02" + "01000000" + zeros32 + "02000040" + zeros32)));
            exporter.accept(in(meta(6), 7, ADDR_IN, "inbound", "inv", hex("05")));
            exporter.accept(in(meta(7), 7, ADDR_IN, "inbound", "x-" + ADDR_IN, new byte[100]));
            exporter.accept(out(meta(8), 7, ADDR_IN, "weird-conn", "addrv2", hex("00")));
            exporter.accept(new MisbehavingConnection(meta(9), 7, "headers message size = 2001"));
            exporter.accept(new MisbehavingConnection(meta(10), 7, "peer " + ADDR_IN + " sent junk"));
            exporter.accept(new EvictedInboundConnection(meta(11), 7, ADDR_IN, "inbound", Network.IPV4, 1_700_000_100L));
            exporter.accept(new ClosedConnection(meta(12), 7, ADDR_IN, "inbound", Network.IPV4, 1_700_000_100L));
            exporter.accept(new ClosedConnection(meta(13), 99, "198.51.100.1:8333", "feeler", Network.IPV4, 0)); // never seen opened
            exporter.accept(new BlockConnected(meta(14), TXID, 870001, 3012, 7001, 12345, 123_456_789));
            exporter.accept(new BlockConnected(meta(15), TXID, 870002, 10, 20, 30, 2_000_000));
            exporter.accept(new UtxoCacheFlush(meta(16), 5321, FlushMode.PERIODIC, 350, 12582912, true));
            exporter.accept(new UtxoCacheAdd(meta(17), TXID, 1, 870001, 5_000_000_000L, true));
            exporter.accept(new UtxoCacheAdd(meta(18), TXID, 2, 870001, 1, false));
            exporter.accept(new UtxoCacheSpent(meta(19), TXID, 1, 1, 21, false));
            exporter.accept(new UtxoCacheUncache(meta(20), TXID, 0, 1, 0, false));
            exporter.accept(new MempoolAdded(meta(21), TXID, 141, 31200));
            exporter.accept(new MempoolAdded(meta(22), TXID, 200, 400));
            exporter.accept(new MempoolRemoved(meta(23), TXID, "replaced", 141, 31200, 1_700_000_456L));
            exporter.accept(new MempoolReplaced(meta(24), TXID, 141, 40000, 1_700_000_456L, TXID, 150, 45000, true));
            exporter.accept(new MempoolRejected(meta(25), TXID, "mempool-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"));
            exporter.accept(new MempoolRejected(meta(26), TXID, "txn " + TXID + " is odd"));
            exporter.accept(new SelectedCoins(meta(27), "my wallet", "bnb", 1000000, -250, 1002000));
            exporter.accept(new SelectedCoins(meta(28), "my wallet", "my-own-algo", 1, 0, 1));
            exporter.accept(new NormalCreateTxInternal(meta(29), "my wallet", true, 1410, -1));
            exporter.accept(new AttemptingApsCreateTx(meta(30), "my wallet"));
            exporter.accept(new ApsCreateTxInternal(meta(31), "my wallet", true, false, 0, -1));
            exporter.accept(new Loss(meta(32), "ring_reserve", "net:inbound_message", 17));
            exporter.accept(new Loss(meta(33), "ring_reserve", "net:inbound_message", 3));
            exporter.accept(new Loss(meta(34), "decode", "*", 2));

            Scrape s = Scrape.of(exporter.metricsUri());
            // P2P
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=outbound", "msg_type=ping", "conn_type=outbound-full-relay")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=inbound", "msg_type=pong", "conn_type=outbound-full-relay")).isEqualTo(3.0);
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=inbound", "msg_type=inv", "conn_type=inbound")).isEqualTo(2.0);
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=inbound", "msg_type=other", "conn_type=inbound")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=outbound", "msg_type=addrv2", "conn_type=other")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_bytes_total", "node=test", "direction=inbound", "msg_type=inv", "conn_type=inbound")).isEqualTo(74.0);
            assertThat(s.get("nodescope_p2p_bytes_total", "node=test", "direction=inbound", "msg_type=other", "conn_type=inbound")).isEqualTo(100.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_count", "node=test", "direction=inbound", "msg_type=pong")).isEqualTo(3.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test", "direction=inbound", "msg_type=pong", "le=8")).isEqualTo(3.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test", "direction=inbound", "msg_type=inv", "le=0")).isEqualTo(0.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test", "direction=inbound", "msg_type=inv", "le=8")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test", "direction=inbound", "msg_type=inv", "le=128")).isEqualTo(2.0);
            assertThat(s.get("nodescope_p2p_message_size_bytes_sum", "node=test", "direction=inbound", "msg_type=inv")).isEqualTo(74.0);
            assertThat(s.get("nodescope_p2p_unknown_messages_total", "node=test", "direction=inbound")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_inv_entries_total", "node=test", "direction=inbound", "msg_type=inv", "inv_type=MSG_TX")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_inv_entries_total", "node=test", "direction=inbound", "msg_type=inv", "inv_type=MSG_WITNESS_BLOCK")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_decode_errors_total", "node=test", "msg_type=inv")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_addr_entries_per_message_count", "node=test", "direction=outbound", "msg_type=addrv2")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_addr_entries_per_message_bucket", "node=test", "direction=outbound", "msg_type=addrv2", "le=0")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_ping_rtt_seconds_count", "node=test", "conn_type=outbound-full-relay")).isEqualTo(1.0);
            assertThat(s.get("nodescope_p2p_ping_rtt_seconds_sum", "node=test", "conn_type=outbound-full-relay")).isCloseTo(0.25, within(1e-9));
            assertThat(s.get("nodescope_p2p_ping_rtt_seconds_bucket", "node=test", "conn_type=outbound-full-relay", "le=0.1")).isEqualTo(0.0);
            assertThat(s.get("nodescope_p2p_ping_rtt_seconds_bucket", "node=test", "conn_type=outbound-full-relay", "le=0.25")).isEqualTo(1.0);
            // connections
            assertThat(s.get("nodescope_connections_opened_total", "node=test", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_opened_total", "node=test", "direction=outbound", "conn_type=outbound-full-relay", "network=onion")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_closed_total", "node=test", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_closed_total", "node=test", "direction=outbound", "conn_type=feeler", "network=ipv4")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_evicted_total", "node=test", "network=ipv4")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_misbehaving_total", "node=test", "reason=headers message size")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections_misbehaving_total", "node=test", "reason=other")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections", "node=test", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(0.0);
            assertThat(s.get("nodescope_connections", "node=test", "direction=outbound", "conn_type=outbound-full-relay", "network=onion")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connections", "node=test", "direction=outbound", "conn_type=block-relay-only", "network=ipv6")).isEqualTo(1.0);
            assertThat(s.sum("nodescope_connections")).isEqualTo(2.0);
            assertThat(s.get("nodescope_connection_lifetime_seconds_count", "node=test", "conn_type=inbound")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connection_lifetime_seconds_sum", "node=test", "conn_type=inbound")).isCloseTo(100.000000012, within(1e-6));
            assertThat(s.get("nodescope_connection_lifetime_seconds_bucket", "node=test", "conn_type=inbound", "le=60")).isEqualTo(0.0);
            assertThat(s.get("nodescope_connection_lifetime_seconds_bucket", "node=test", "conn_type=inbound", "le=300")).isEqualTo(1.0);
            assertThat(s.get("nodescope_connection_lifetime_seconds_count", "node=test", "conn_type=feeler")).isNull(); // time_established 0
            // validation
            assertThat(s.get("nodescope_validation_blocks_connected_total", "node=test")).isEqualTo(2.0);
            assertThat(s.get("nodescope_validation_transactions_connected_total", "node=test")).isEqualTo(3022.0);
            assertThat(s.get("nodescope_validation_inputs_connected_total", "node=test")).isEqualTo(7021.0);
            assertThat(s.get("nodescope_validation_sigops_connected_total", "node=test")).isEqualTo(12375.0);
            assertThat(s.get("nodescope_validation_best_height", "node=test")).isEqualTo(870002.0);
            assertThat(s.get("nodescope_validation_block_connect_duration_seconds_count", "node=test")).isEqualTo(2.0);
            assertThat(s.get("nodescope_validation_block_connect_duration_seconds_bucket", "node=test", "le=0.005")).isEqualTo(1.0);
            assertThat(s.get("nodescope_validation_block_connect_duration_seconds_bucket", "node=test", "le=0.25")).isEqualTo(2.0);
            assertThat(s.get("nodescope_validation_block_connect_duration_seconds_sum", "node=test")).isCloseTo(0.125456789, within(1e-12));
            // utxo cache
            assertThat(s.get("nodescope_utxocache_flushes_total", "node=test", "mode=PERIODIC", "for_prune=true")).isEqualTo(1.0);
            assertThat(s.get("nodescope_utxocache_flush_duration_seconds_sum", "node=test")).isCloseTo(0.005321, within(1e-12));
            assertThat(s.get("nodescope_utxocache_flush_duration_seconds_bucket", "node=test", "le=0.01")).isEqualTo(1.0);
            assertThat(s.get("nodescope_utxocache_flush_coins", "node=test")).isEqualTo(350.0);
            assertThat(s.get("nodescope_utxocache_flush_memory_bytes", "node=test")).isEqualTo(12582912.0);
            assertThat(s.get("nodescope_utxocache_coins_added_total", "node=test")).isEqualTo(2.0);
            assertThat(s.get("nodescope_utxocache_coins_spent_total", "node=test")).isEqualTo(1.0);
            assertThat(s.get("nodescope_utxocache_coins_uncached_total", "node=test")).isEqualTo(1.0);
            // mempool
            assertThat(s.get("nodescope_mempool_added_total", "node=test")).isEqualTo(2.0);
            assertThat(s.get("nodescope_mempool_added_vbytes_total", "node=test")).isEqualTo(341.0);
            assertThat(s.get("nodescope_mempool_added_fee_rate_sat_per_vbyte_bucket", "node=test", "le=2")).isEqualTo(1.0); // 400/200 = 2
            assertThat(s.get("nodescope_mempool_added_fee_rate_sat_per_vbyte_bucket", "node=test", "le=200")).isEqualTo(1.0);
            assertThat(s.get("nodescope_mempool_added_fee_rate_sat_per_vbyte_bucket", "node=test", "le=500")).isEqualTo(2.0); // 31200/141 = 221.3
            assertThat(s.get("nodescope_mempool_removed_total", "node=test", "reason=replaced")).isEqualTo(1.0);
            assertThat(s.get("nodescope_mempool_replaced_total", "node=test")).isEqualTo(1.0);
            assertThat(s.get("nodescope_mempool_rejected_total", "node=test", "reason=mempool-script-verify-flag-failed")).isEqualTo(1.0);
            assertThat(s.get("nodescope_mempool_rejected_total", "node=test", "reason=other")).isEqualTo(1.0);
            assertThat(s.get("nodescope_mempool_transactions_estimate", "node=test")).isEqualTo(1.0);
            // coin selection
            assertThat(s.get("nodescope_coin_selection_selections_total", "node=test", "algorithm=bnb")).isEqualTo(1.0);
            assertThat(s.get("nodescope_coin_selection_selections_total", "node=test", "algorithm=other")).isEqualTo(1.0);
            assertThat(s.get("nodescope_coin_selection_create_tx_total", "node=test", "attempt=normal", "success=true")).isEqualTo(1.0);
            assertThat(s.get("nodescope_coin_selection_create_tx_total", "node=test", "attempt=aps", "success=false")).isEqualTo(1.0);
            assertThat(s.get("nodescope_coin_selection_aps_attempts_total", "node=test")).isEqualTo(1.0);
            assertThat(s.get("nodescope_coin_selection_aps_used_total", "node=test")).isEqualTo(1.0);
            // nodescope itself
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=net:inbound_message")).isEqualTo(6.0);
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=net:outbound_message")).isEqualTo(2.0);
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=utxocache:add")).isEqualTo(2.0);
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=nodescope:loss")).isEqualTo(3.0);
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=mempool:added")).isEqualTo(2.0);
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=coin_selection:selected_coins")).isEqualTo(2.0);
            assertThat(s.get("nodescope_events_lost_total", "node=test", "stage=ring_reserve", "tracepoint=net:inbound_message")).isEqualTo(20.0);
            assertThat(s.get("nodescope_events_lost_total", "node=test", "stage=decode", "tracepoint=*")).isEqualTo(2.0);
            assertThat(s.get("nodescope_attached", "node=test")).isEqualTo(1.0);
            assertThat(s.get("nodescope_attached_tracepoints", "node=test")).isEqualTo(2.0);
            assertThat(s.get("nodescope_missing_tracepoints", "node=test")).isEqualTo(1.0);
            // JVM and process metrics are there
            assertThat(s.count("jvm_memory_used_bytes")).isPositive();
            assertThat(s.get("process_cpu_seconds_total")).isNotNull();
            // no address, txid or free-form string in any label
            assertThat(s.text).doesNotContain("203.0.113.7", ".onion", "2001:db8", TXID, "my wallet", "my-own-algo", "Script evaluated", "2001\"");

            exporter.accept(new Detached(meta(40), "process exited"));
            Scrape after = Scrape.of(exporter.metricsUri());
            assertThat(after.get("nodescope_attached", "node=test")).isEqualTo(0.0);
            assertThat(after.get("nodescope_detached_total", "node=test")).isEqualTo(1.0);
            assertThat(after.sum("nodescope_connections")).isEqualTo(0.0);
        }
    }

    @Test
    void perPeerSeriesLiveOnlyWhileThePeerIsConnected() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).perPeer(true).build().start()) {
            exporter.accept(new InboundConnection(meta(0), 7, "127.0.0.1:50412", "inbound", Network.UNROUTABLE, 1));
            exporter.accept(in(meta(1), 7, "127.0.0.1:50412", "inbound", "ping", hex("0102030405060708")));
            exporter.accept(in(meta(2), 7, "127.0.0.1:50412", "inbound", "inv", hex("00")));
            exporter.accept(out(meta(3), 7, "127.0.0.1:50412", "inbound", "pong", hex("0102030405060708")));
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.get("nodescope_peer_messages_total", "node=test", "peer_id=7", "direction=inbound")).isEqualTo(2.0);
            assertThat(s.get("nodescope_peer_bytes_total", "node=test", "peer_id=7", "direction=inbound")).isEqualTo(9.0);
            assertThat(s.get("nodescope_peer_messages_total", "node=test", "peer_id=7", "direction=outbound")).isEqualTo(1.0);
            exporter.accept(new ClosedConnection(meta(4), 7, "127.0.0.1:50412", "inbound", Network.UNROUTABLE, 1_700_000_000L));
            Scrape after = Scrape.of(exporter.metricsUri());
            assertThat(after.count("nodescope_peer_")).isZero();
            assertThat(after.get("nodescope_p2p_messages_total", "node=test", "direction=inbound", "msg_type=ping", "conn_type=inbound")).isEqualTo(1.0);
        }
    }

    @Test
    void perPeerSeriesAreOffByDefault() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start()) {
            exporter.accept(in(meta(1), 7, "127.0.0.1:50412", "inbound", "ping", hex("0102030405060708")));
            assertThat(Scrape.of(exporter.metricsUri()).count("nodescope_peer_")).isZero();
        }
    }

    @Test
    void pingRttNeedsDecodingEnabled() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start()) {
            exporter.accept(out(meta(0), 8, ADDR_OUT, "manual", "ping", hex("0807060504030201")));
            exporter.accept(in(meta(1000), 8, ADDR_OUT, "manual", "pong", hex("0807060504030201")));
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.get("nodescope_p2p_messages_total", "node=test", "direction=inbound", "msg_type=pong", "conn_type=manual")).isEqualTo(1.0);
            assertThat(s.count("nodescope_p2p_ping_rtt_seconds_count")).isZero();
            assertThat(s.count("jvm_")).isZero();
            // every tracepoint has its events series from the start, at 0
            assertThat(s.get("nodescope_events_total", "node=test", "tracepoint=mempool:rejected")).isEqualTo(0.0);
            assertThat(s.get("nodescope_attached", "node=test")).isEqualTo(0.0);
        }
    }

    /** Losses had no series until one happened: a dashboard showed "no data", and increase() missed the first loss. */
    @Test
    void lossSeriesExistFromTheStartAtZero() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).node("test").build().start()) {
            Scrape s = Scrape.of(exporter.metricsUri());
            for (String stage : List.of("ring_reserve", "payload_dropped", "read_user", "truncated")) {
                for (Tracepoint tp : Tracepoint.values()) {
                    assertThat(s.get("nodescope_events_lost_total", "node=test", "stage=" + stage, "tracepoint=" + tp.fullName()))
                            .as(stage + " " + tp).isEqualTo(0.0);
                }
            }
            assertThat(s.get("nodescope_events_lost_total", "node=test", "stage=decode", "tracepoint=*")).isEqualTo(0.0);
            assertThat(s.count("nodescope_events_lost_total")).isEqualTo(4 * Tracepoint.count() + 1);
        }
    }

    @Test
    void servesOpenMetricsWhenAsked() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start()) {
            exporter.accept(new MempoolAdded(meta(1), TXID, 100, 1000));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(exporter.metricsUri())
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(r.body()).contains("# TYPE nodescope_mempool_added counter", "nodescope_mempool_added_total{node=\"test\"} 1.0").endsWith("# EOF\n");
            HttpResponse<String> text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(exporter.metricsUri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(text.body()).contains("# TYPE nodescope_mempool_added_total counter");
            HttpResponse<String> healthy = HttpClient.newHttpClient().send(HttpRequest.newBuilder(exporter.metricsUri().resolve("/-/healthy")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).startsWith("Exporter is healthy.");
        }
    }

    @Test
    void stopsAndFreesThePort() throws Exception {
        MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).build().start();
        int port = exporter.port();
        exporter.close();
        try (MetricsExporter again = MetricsExporter.builder().port(port).jvmMetrics(false).build().start()) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void listenParsesHostAndPort() {
        assertThat(MetricsExporter.builder().listen("0.0.0.0:9500").build()).satisfies(e -> {
            assertThat(e.host()).isEqualTo("0.0.0.0");
        });
        assertThat(MetricsExporter.builder().listen("[::1]:9500").jvmMetrics(false).build().host()).isEqualTo("::1");
        assertThat(MetricsExporter.builder().listen(":9500").jvmMetrics(false).build().host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> MetricsExporter.builder().listen("localhost:http")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsExporter.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void churnKeepsSeriesAndStateBounded() throws Exception {
        try (MetricsExporter exporter = MetricsExporter.builder().port(0).jvmMetrics(false).decodePayloads(true).perPeer(true)
                .build().start()) {
            String[] conns = {"inbound", "outbound-full-relay", "feeler", "block-relay-only", "addr-fetch", "manual"};
            Network[] nets = {Network.IPV4, Network.IPV6, Network.ONION, Network.I2P};
            long n = 200_000;
            long warm = 20_000;
            long heapAfterWarmUp = 0;
            for (long peer = 0; peer < n; peer++) {
                if (peer == warm) {
                    heapAfterWarmUp = Heap.usedAfterGc();
                }
                String addr = "10." + (peer >> 16 & 255) + "." + (peer >> 8 & 255) + "." + (peer & 255) + ":" + (1024 + peer % 60000);
                String conn = conns[(int) (peer % conns.length)];
                Network net = nets[(int) (peer % nets.length)];
                if (conn.equals("inbound")) {
                    exporter.accept(new InboundConnection(meta(peer), peer, addr, conn, net, 1));
                } else {
                    exporter.accept(new OutboundConnection(meta(peer), peer, addr, conn, net, 1));
                }
                exporter.accept(out(meta(peer), peer, addr, conn, "ping", hex("0100000000000000")));
                exporter.accept(in(meta(peer), peer, addr, conn, "msg" + peer, new byte[1])); // a new unknown type each time
                exporter.accept(new MisbehavingConnection(meta(peer), peer, "reason number " + peer));
                exporter.accept(new MempoolRejected(meta(peer), TXID, "reason " + peer));
                exporter.accept(new ClosedConnection(meta(peer), peer, addr, conn, net, 1_700_000_000L));
            }
            assertThat(exporter.nodeMetrics().trackedConnections()).isZero();
            assertThat(exporter.nodeMetrics().pingsInFlight()).isZero();
            Scrape s = Scrape.of(exporter.metricsUri());
            assertThat(s.sum("nodescope_connections_opened_total")).isEqualTo((double) n);
            assertThat(s.sum("nodescope_connections")).isEqualTo(0.0);
            assertThat(s.get("nodescope_p2p_unknown_messages_total", "node=test", "direction=inbound")).isEqualTo((double) n);
            assertThat(s.get("nodescope_connections_misbehaving_total", "node=test", "reason=other")).isEqualTo((double) n);
            assertThat(s.series.size()).as("series after %d connections", n).isLessThan(1000);
            assertThat(s.count("nodescope_peer_")).as("per-peer series of disconnected peers").isZero();
            // 180,000 more connections, each with its own address, message type and reasons: the heap
            // must not grow with them (a leak of even 100 bytes per connection would show as 18 MB)
            long growth = Heap.usedAfterGc() - heapAfterWarmUp;
            assertThat(growth).as("heap growth over %d connections", n - warm).isLessThan(12L << 20);
        }
    }

    @Test
    void labelVocabulariesAreBounded() {
        assertThat(LabelValues.msgType("tx")).isEqualTo("tx");
        assertThat(LabelValues.msgType("TX")).isEqualTo("other");
        assertThat(LabelValues.connType("private-broadcast")).isEqualTo("private-broadcast");
        assertThat(LabelValues.rejectReason("non-BIP68-final")).isEqualTo("non-bip68-final");
        assertThat(LabelValues.rejectReason("txn-mempool-conflict, spends conflicting tx")).isEqualTo("txn-mempool-conflict");
        assertThat(LabelValues.rejectReason("min relay fee not met, 0 < 110")).isEqualTo("min relay fee not met");
        assertThat(LabelValues.misbehavingReason("inv message size = 50001")).isEqualTo("inv message size");
        assertThat(LabelValues.misbehavingReason("")).isEqualTo("other");
        assertThat(LabelValues.removalReason("block")).isEqualTo("block");
        assertThat(LabelValues.removalReason("1.2.3.4")).isEqualTo("other");
        assertThat(LabelValues.lossStage("ring_reserve")).isEqualTo("ring_reserve");
        assertThat(LabelValues.invType(null)).isEqualTo("other");
    }
}
