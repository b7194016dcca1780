package dev.nodescope;

import java.util.List;

/**
 * Scenario lines for the fixture with the exact event each must produce (the event's fields in
 * the public JSON schema, without the envelope). Shared by the API and the CLI tests, so both
 * are held to the same values.
 */
public final class Scenario {
    private Scenario() {
    }

    public record Case(String thread, String line, String expectedJson) {
    }

    public static final String ONION_68 = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:18333";
    public static final String HOSTNAME_200 = "node-" + "a".repeat(186) + ".example:8333";
    public static final String REJECT_116 = "mempool-script-verify-flag-failed (Script evaluated without error but finished with a"
            + " false/empty top stack element)";
    public static final String HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    public static final String TXID_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
    public static final String TXID_B = "00ffeeddccbbaa99887766554433221100f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5";

    /** One line per tracepoint (20) plus the boundary cases of the spine issue. */
    public static List<Case> allTracepoints() {
        return List.of(
                new Case("b-net", "net:inbound_connection 7 127.0.0.1:50412 inbound unroutable 1",
                        "{\"peer_id\":7,\"addr\":\"127.0.0.1:50412\",\"conn_type\":\"inbound\",\"network\":\"unroutable\",\"existing_connections\":1}"),
                new Case("b-net", "net:outbound_connection 8 " + ONION_68 + " outbound-full-relay onion 3",
                        "{\"peer_id\":8,\"addr\":\"" + ONION_68 + "\",\"conn_type\":\"outbound-full-relay\",\"network\":\"onion\",\"existing_connections\":3}"),
                new Case("b-net", "net:outbound_connection 9 " + HOSTNAME_200 + " manual ipv4 4",
                        "{\"peer_id\":9,\"addr\":\"" + HOSTNAME_200 + "\",\"conn_type\":\"manual\",\"network\":\"ipv4\",\"existing_connections\":4}"),
                new Case("b-msghand", "net:inbound_message 7 127.0.0.1:50412 inbound ping 8 hex:0102030405060708",
                        "{\"peer_id\":7,\"addr\":\"127.0.0.1:50412\",\"conn_type\":\"inbound\",\"msg_type\":\"ping\",\"size\":8,\"captured\":8,\"truncated\":false,\"payload_hex\":\"0102030405060708\"}"),
                new Case("b-msghand", "net:outbound_message 8 " + ONION_68 + " block-relay-only sendheaders 0 zero",
                        "{\"peer_id\":8,\"addr\":\"" + ONION_68 + "\",\"conn_type\":\"block-relay-only\",\"msg_type\":\"sendheaders\",\"size\":0,\"captured\":0,\"truncated\":false}"),
                new Case("b-msghand", "net:misbehaving_connection 7 \"headers message size = 2001\"",
                        "{\"peer_id\":7,\"reason\":\"headers message size = 2001\"}"),
                new Case("b-net", "net:evicted_inbound_connection 7 127.0.0.1:50412 inbound unroutable 1700000000",
                        "{\"peer_id\":7,\"addr\":\"127.0.0.1:50412\",\"conn_type\":\"inbound\",\"network\":\"unroutable\",\"time_established\":1700000000}"),
                new Case("b-net", "net:closed_connection 8 [2001:db8::1]:8333 feeler ipv6 1700000123",
                        "{\"peer_id\":8,\"addr\":\"[2001:db8::1]:8333\",\"conn_type\":\"feeler\",\"network\":\"ipv6\",\"time_established\":1700000123}"),
                new Case("b-msghand", "validation:block_connected " + HASH + " 870001 3012 7001 12345 123456789",
                        "{\"hash\":\"" + HASH + "\",\"height\":870001,\"transactions\":3012,\"inputs\":7001,\"sigops\":12345,\"duration_ns\":123456789}"),
                new Case("b-scheduler", "utxocache:flush 5321 2 350 12582912 true",
                        "{\"duration_us\":5321,\"mode\":\"PERIODIC\",\"coins\":350,\"memory_bytes\":12582912,\"for_prune\":true}"),
                new Case("b-msghand", "utxocache:add " + TXID_A + " 1 870001 5000000000 true",
                        "{\"txid\":\"" + TXID_A + "\",\"vout\":1,\"height\":870001,\"value\":5000000000,\"coinbase\":true}"),
                new Case("b-msghand", "utxocache:spent " + TXID_B + " 4294967295 1 21 false",
                        "{\"txid\":\"" + TXID_B + "\",\"vout\":4294967295,\"height\":1,\"value\":21,\"coinbase\":false}"),
                new Case("b-msghand", "utxocache:uncache " + TXID_A + " 0 4294967295 0 false",
                        "{\"txid\":\"" + TXID_A + "\",\"vout\":0,\"height\":4294967295,\"value\":0,\"coinbase\":false}"),
                new Case("b-httpworker.0", "coin_selection:selected_coins default bnb 1000000 -250 1002000",
                        "{\"wallet\":\"default\",\"algorithm\":\"bnb\",\"target\":1000000,\"waste\":-250,\"selected_value\":1002000}"),
                new Case("b-httpworker.0", "coin_selection:normal_create_tx_internal default true 1410 -1",
                        "{\"wallet\":\"default\",\"success\":true,\"fee\":1410,\"change_pos\":-1}"),
                new Case("b-httpworker.0", "coin_selection:attempting_aps_create_tx \"my wallet\"",
                        "{\"wallet\":\"my wallet\"}"),
                new Case("b-httpworker.0", "coin_selection:aps_create_tx_internal default true false 0 -1",
                        "{\"wallet\":\"default\",\"use_aps\":true,\"success\":false,\"fee\":0,\"change_pos\":-1}"),
                new Case("b-msghand", "mempool:added " + TXID_A + " 141 31200",
                        "{\"txid\":\"" + TXID_A + "\",\"vsize\":141,\"fee\":31200}"),
                new Case("b-msghand", "mempool:removed " + TXID_A + " sizelimit 141 31200 1700000456",
                        "{\"txid\":\"" + TXID_A + "\",\"reason\":\"sizelimit\",\"vsize\":141,\"fee\":31200,\"entry_time\":1700000456}"),
                new Case("b-msghand", "mempool:replaced " + TXID_A + " 141 40000 1700000456 " + TXID_B + " 150 45000 true",
                        "{\"replaced_txid\":\"" + TXID_A + "\",\"replaced_vsize\":141,\"replaced_fee\":40000,\"replaced_entry_time\":1700000456,\"replacement_id\":\"" + TXID_B + "\",\"replacement_vsize\":150,\"replacement_fee\":45000,\"replacement_is_tx\":true}"),
                new Case("b-msghand", "mempool:replaced " + TXID_B + " 200 1000 1700000999 " + TXID_A + " 300 -5 false",
                        "{\"replaced_txid\":\"" + TXID_B + "\",\"replaced_vsize\":200,\"replaced_fee\":1000,\"replaced_entry_time\":1700000999,\"replacement_id\":\"" + TXID_A + "\",\"replacement_vsize\":300,\"replacement_fee\":-5,\"replacement_is_tx\":false}"),
                new Case("b-msghand", "mempool:rejected " + TXID_B + " \"" + REJECT_116 + "\"",
                        "{\"txid\":\"" + TXID_B + "\",\"reason\":\"" + REJECT_116 + "\"}"));
    }

    /** The fixture lines for these cases, each preceded by its thread. */
    public static List<String> lines(List<Case> cases) {
        List<String> lines = new java.util.ArrayList<>();
        for (Case c : cases) {
            lines.add("thread " + c.thread());
            lines.add(c.line());
        }
        return lines;
    }
}
