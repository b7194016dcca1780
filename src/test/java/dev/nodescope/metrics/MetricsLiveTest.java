package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.TestStreams;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real BPF: the fixture plays a known scenario, the live extractor feeds the exporter, one scrape has exact counts. */
@ExtendWith(BpfAvailable.class)
class MetricsLiveTest {
    static final String HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    static final String TXID = "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:18333";

    /** The scenario: connections, a ping answered after 30 ms, inv, blocks, flushes, mempool, wallet. */
    static List<String> scenario(int repeat) {
        List<String> lines = new ArrayList<>();
        lines.add("thread b-net");
        lines.add("net:inbound_connection 7 127.0.0.1:50412 inbound ipv4 1");
        lines.add("net:outbound_connection 8 " + ONION + " outbound-full-relay onion 1");
        lines.add("net:outbound_connection 9 [2001:db8::1]:8333 block-relay-only ipv6 2");
        lines.add("thread b-msghand");
        lines.add("net:outbound_message 8 " + ONION + " outbound-full-relay ping 8 hex:0807060504030201");
        lines.add("sleep 30");
        lines.add("net:inbound_message 8 " + ONION + " outbound-full-relay pong 8 hex:0807060504030201");
        for (int i = 0; i < repeat; i++) {
            lines.add("net:inbound_message 7 127.0.0.1:50412 inbound inv 37 hex:01" + "01000000" + "00".repeat(32));
            lines.add("net:outbound_message 9 [2001:db8::1]:8333 block-relay-only headers 1000 pattern");
            lines.add("net:inbound_message 7 127.0.0.1:50412 inbound bogus 3 zero");
            lines.add("utxocache:add " + TXID + " 1 870001 5000000000 true");
            lines.add("mempool:added " + TXID + " 141 31200");
        }
        lines.add("net:misbehaving_connection 7 \"headers message size = 2001\"");
        lines.add("validation:block_connected " + HASH + " 870001 3012 7001 12345 123456789");
        lines.add("validation:block_connected " + HASH + " 870002 10 20 30 2000000");
        lines.add("utxocache:flush 5321 2 350 12582912 true");
        lines.add("utxocache:spent " + TXID + " 4294967295 1 21 false");
        lines.add("mempool:removed " + TXID + " block 141 31200 1700000456");
        lines.add("mempool:rejected " + TXID + " \"mempool-script-verify-flag-failed (Script evaluated without error)\"");
        lines.add("thread b-httpworker.0");
        lines.add("coin_selection:selected_coins default bnb 1000000 -250 1002000");
        lines.add("coin_selection:normal_create_tx_internal default true 1410 -1");
        lines.add("thread b-net");
        lines.add("net:evicted_inbound_connection 7 127.0.0.1:50412 inbound ipv4 1700000000");
        lines.add("net:closed_connection 7 127.0.0.1:50412 inbound ipv4 1700000000");
        return lines;
    }

    @Test
    void fixtureScenarioBecomesExactMetrics() throws Exception {
        int repeat = 50;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fx.pid()).payloadMax(4096).node("test-node").build();
            try (MetricsExporter exporter = MetricsExporter.builder().port(0).decodePayloads(true)
                    .sourceStats(source).build().start()) {
                EventStream stream = EventStream.open(source);
                TestStreams.startAttached(exporter.attach(stream));
                assertThat(Scrape.of(exporter.metricsUri()).get("nodescope_attached", "node=test-node")).isEqualTo(1.0);
                fx.send("wait-attached all 20000", "sleep 50");
                fx.send(scenario(repeat));
                assertThat(fx.finish()).endsWith("errors=0");
                assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

                Scrape s = Scrape.of(exporter.metricsUri());
                // after the run the extractor's last snapshot is published: the ring never came near full
                assertThat(s.get("nodescope_ring_peak_fill_ratio")).isBetween(0.0, 0.5);
                assertThat(s.get("nodescope_ring_fill_ratio")).isEqualTo(0.0);
                assertThat(s.get("nodescope_attached", "node=test-node")).isEqualTo(0.0);
                assertThat(s.get("nodescope_detached_total", "node=test-node")).isEqualTo(1.0);
                assertThat(s.sum("nodescope_events_lost_total")).isEqualTo(0.0);
                assertThat(s.get("nodescope_events_total", "node=test-node", "tracepoint=net:inbound_message")).isEqualTo(1.0 + 2 * repeat);
                assertThat(s.get("nodescope_events_total", "node=test-node", "tracepoint=net:outbound_message")).isEqualTo(1.0 + repeat);
                assertThat(s.get("nodescope_tracepoint_hits_total", "tracepoint=net:inbound_message")).isEqualTo(1.0 + 2 * repeat);
                assertThat(s.get("nodescope_extractor_events_received_total", "tracepoint=mempool:added")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_messages_total", "node=test-node", "direction=inbound", "msg_type=inv", "conn_type=inbound")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_messages_total", "node=test-node", "direction=inbound", "msg_type=other", "conn_type=inbound")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_bytes_total", "node=test-node", "direction=outbound", "msg_type=headers", "conn_type=block-relay-only")).isEqualTo(1000.0 * repeat);
                assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test-node", "direction=outbound", "msg_type=headers", "le=1024")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_message_size_bytes_bucket", "node=test-node", "direction=outbound", "msg_type=headers", "le=512")).isEqualTo(0.0);
                assertThat(s.get("nodescope_p2p_unknown_messages_total", "node=test-node", "direction=inbound")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_inv_entries_total", "node=test-node", "direction=inbound", "msg_type=inv", "inv_type=MSG_TX")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_p2p_ping_rtt_seconds_count", "node=test-node", "conn_type=outbound-full-relay")).isEqualTo(1.0);
                assertThat(s.get("nodescope_p2p_ping_rtt_seconds_sum", "node=test-node", "conn_type=outbound-full-relay")).isBetween(0.030, 5.0);
                assertThat(s.get("nodescope_p2p_ping_rtt_seconds_bucket", "node=test-node", "conn_type=outbound-full-relay", "le=0.025")).isEqualTo(0.0);
                assertThat(s.get("nodescope_connections_opened_total", "node=test-node", "direction=outbound", "conn_type=outbound-full-relay", "network=onion")).isEqualTo(1.0);
                assertThat(s.get("nodescope_connections_closed_total", "node=test-node", "direction=inbound", "conn_type=inbound", "network=ipv4")).isEqualTo(1.0);
                assertThat(s.get("nodescope_connections_evicted_total", "node=test-node", "network=ipv4")).isEqualTo(1.0);
                assertThat(s.get("nodescope_connections_misbehaving_total", "node=test-node", "reason=headers message size")).isEqualTo(1.0);
                assertThat(s.get("nodescope_connection_lifetime_seconds_count", "node=test-node", "conn_type=inbound")).isEqualTo(1.0);
                // the process exited: its connections are gone
                assertThat(s.sum("nodescope_connections")).isEqualTo(0.0);
                assertThat(s.get("nodescope_validation_blocks_connected_total", "node=test-node")).isEqualTo(2.0);
                assertThat(s.get("nodescope_validation_transactions_connected_total", "node=test-node")).isEqualTo(3022.0);
                assertThat(s.get("nodescope_validation_best_height", "node=test-node")).isEqualTo(870002.0);
                assertThat(s.get("nodescope_validation_block_connect_duration_seconds_bucket", "node=test-node", "le=0.005")).isEqualTo(1.0);
                assertThat(s.get("nodescope_validation_block_connect_duration_seconds_count", "node=test-node")).isEqualTo(2.0);
                assertThat(s.get("nodescope_utxocache_flushes_total", "node=test-node", "mode=PERIODIC", "for_prune=true")).isEqualTo(1.0);
                assertThat(s.get("nodescope_utxocache_coins_added_total", "node=test-node")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_utxocache_coins_spent_total", "node=test-node")).isEqualTo(1.0);
                assertThat(s.get("nodescope_mempool_added_total", "node=test-node")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_mempool_added_vbytes_total", "node=test-node")).isEqualTo(141.0 * repeat);
                assertThat(s.get("nodescope_mempool_added_fee_rate_sat_per_vbyte_count", "node=test-node")).isEqualTo((double) repeat);
                assertThat(s.get("nodescope_mempool_removed_total", "node=test-node", "reason=block")).isEqualTo(1.0);
                assertThat(s.get("nodescope_mempool_rejected_total", "node=test-node", "reason=mempool-script-verify-flag-failed")).isEqualTo(1.0);
                assertThat(s.get("nodescope_coin_selection_selections_total", "node=test-node", "algorithm=bnb")).isEqualTo(1.0);
                assertThat(s.get("nodescope_coin_selection_create_tx_total", "node=test-node", "attempt=normal", "success=true")).isEqualTo(1.0);
                assertThat(s.text).doesNotContain("127.0.0.1:50412", ".onion", TXID, HASH);
            }
        }
    }
}
