package dev.nodescope.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event kind a real regtest node triggers, compared with what the node's own RPC says about
 * the same thing: blocks and their coins with getblock, mempool entries, replacements and
 * rejections with getmempoolentry and the RPC's errors, wallet coin selection with
 * gettransaction, connections and per-message byte counts with getpeerinfo, and a second node
 * syncing from the first.
 */
@Tag("real-node")
@ExtendWith(RealNodeAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealNodeEventsTest {
    private Path dir;

    private PrivateNetwork network;
    private RegtestNode node;
    private String miner;

    @BeforeAll
    void startNode(@TempDir Path dir) throws Exception {
        this.dir = dir;
        network = PrivateNetwork.create();
        node = RegtestNode.start(network, dir.resolve("a"), 0, "-debug=net");
        node.rpc("createwallet", "w");
        miner = node.rpc("getnewaddress").asText();
        node.mine(101, miner); // the first coinbase matures
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void blocksAndTheCoinsTheyCreateMatchGetblock() throws Exception {
        try (LogTap tap = LogTap.attach(node.pid(), "--events", "validation:*,utxocache:*")) {
            List<String> hashes = node.mine(5, miner);
            List<JsonNode> blocks = tap.awaitCount("validation:block_connected", 5, 60);
            tap.awaitQuiet(500, 30);
            assertThat(blocks).hasSize(5);
            for (int i = 0; i < 5; i++) {
                JsonNode event = blocks.get(i);
                JsonNode block = node.rpc("getblock", hashes.get(i), 2);
                assertThat(event.get("hash").asText()).isEqualTo(hashes.get(i));
                assertThat(event.get("height").asInt()).isEqualTo(block.get("height").asInt());
                assertThat(event.get("transactions").asLong()).isEqualTo(block.get("nTx").asLong());
                int inputs = 0;
                for (JsonNode tx : block.get("tx")) {
                    inputs += tx.get("vin").size();
                }
                assertThat(event.get("inputs").asInt()).isEqualTo(inputs);
                // ConnectBlock of an empty regtest block takes microseconds, not seconds (a µs/ns mix-up would show)
                assertThat(event.get("duration_ns").asLong()).isBetween(1_000L, 5_000_000_000L);
                assertThat(event.get("thread").asText()).isNotEmpty();

                // A block mined by this node is connected twice: first by the template's validity check
                // (TestBlockValidity, in a cache that is thrown away), then for real; utxocache:add fires both
                // times, block_connected only the second.
                int height = block.get("height").asInt();
                List<String> twice = new ArrayList<>(createdCoins(block));
                twice.addAll(createdCoins(block));
                assertThat(coins(tap.named("utxocache:add").stream().filter(e -> e.get("height").asInt() == height).toList()))
                        .as("coins added at height %d", height)
                        .containsExactlyInAnyOrderElementsOf(twice);
            }
        }
    }

    @Test
    void mempoolReplacementRejectionAndWalletMatchTheirRpc() throws Exception {
        try (LogTap tap = LogTap.attach(node.pid(), "--events",
                "mempool:*,coin_selection:*,utxocache:spent,validation:block_connected")) {
            String destination = node.rpc("getnewaddress").asText();
            List<String> sent = new ArrayList<>();
            Map<String, JsonNode> entries = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                String txid = node.rpc("sendtoaddress", destination, "1.5").asText();
                sent.add(txid);
                entries.put(txid, node.rpc("getmempoolentry", txid));
            }
            for (String txid : sent) {
                JsonNode added = tap.await(e -> e.path("event").asText().equals("mempool:added")
                        && e.get("txid").asText().equals(txid), 30);
                assertThat(added.get("vsize").asInt()).isEqualTo(entries.get(txid).get("vsize").asInt());
                assertThat(added.get("fee").asLong()).isEqualTo(sats(entries.get(txid).get("fees").get("base")));
            }

            // the wallet's coin selection: the fee of the transaction each send chose, and its change output
            List<JsonNode> normal = tap.awaitCount("coin_selection:normal_create_tx_internal", 3, 30);
            tap.awaitQuiet(500, 30);
            List<JsonNode> aps = tap.named("coin_selection:aps_create_tx_internal");
            assertThat(tap.named("coin_selection:attempting_aps_create_tx")).hasSameSizeAs(aps);
            assertThat(normal).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode chosen = aps.size() == 3 && aps.get(i).get("use_aps").asBoolean() ? aps.get(i) : normal.get(i);
                assertThat(chosen.get("wallet").asText()).isEqualTo("w");
                assertThat(chosen.get("success").asBoolean()).isTrue();
                JsonNode tx = node.rpc("gettransaction", sent.get(i));
                assertThat(chosen.get("fee").asLong()).isEqualTo(-sats(tx.get("fee")));
                int changePos = chosen.get("change_pos").asInt();
                JsonNode decoded = node.rpc("decoderawtransaction", tx.get("hex").asText());
                assertThat(changePos).isBetween(0, decoded.get("vout").size() - 1);
                String change = decoded.get("vout").get(changePos).get("scriptPubKey").get("address").asText();
                assertThat(node.rpc("getaddressinfo", change).get("ischange").asBoolean()).isTrue();
            }
            List<JsonNode> selected = tap.named("coin_selection:selected_coins");
            assertThat(selected).hasSize(normal.size() + aps.size());
            for (JsonNode s : selected) {
                assertThat(s.get("wallet").asText()).isEqualTo("w");
                assertThat(s.get("selected_value").asLong()).isGreaterThanOrEqualTo(s.get("target").asLong());
            }

            // a fee bump replaces the last send (the others have descendants: each spends the change of the one before)
            String original = sent.get(2);
            String replacement = node.rpc("bumpfee", original).get("txid").asText();
            JsonNode replacementEntry = node.rpc("getmempoolentry", replacement);
            JsonNode replaced = tap.await(e -> e.path("event").asText().equals("mempool:replaced"), 30);
            JsonNode before = entries.get(original);
            assertThat(replaced.get("replaced_txid").asText()).isEqualTo(original);
            assertThat(replaced.get("replaced_vsize").asInt()).isEqualTo(before.get("vsize").asInt());
            assertThat(replaced.get("replaced_fee").asLong()).isEqualTo(sats(before.get("fees").get("base")));
            assertThat(replaced.get("replaced_entry_time").asLong()).isEqualTo(before.get("time").asLong());
            assertThat(replaced.get("replacement_id").asText()).isEqualTo(replacement);
            assertThat(replaced.get("replacement_vsize").asInt()).isEqualTo(replacementEntry.get("vsize").asInt());
            assertThat(replaced.get("replacement_fee").asLong()).isEqualTo(sats(replacementEntry.get("fees").get("base")));
            assertThat(replaced.get("replacement_is_tx").asBoolean()).isTrue();
            JsonNode removed = tap.await(e -> e.path("event").asText().equals("mempool:removed")
                    && e.get("txid").asText().equals(original), 30);
            assertThat(removed.get("reason").asText()).isEqualTo("replaced");
            assertThat(removed.get("vsize").asInt()).isEqualTo(before.get("vsize").asInt());
            assertThat(removed.get("fee").asLong()).isEqualTo(sats(before.get("fees").get("base")));
            assertThat(removed.get("entry_time").asLong()).isEqualTo(before.get("time").asLong());

            // a transaction paying no fee is rejected, with the reason the RPC gives
            JsonNode coin = node.rpc("listunspent", 0).get(0); // the sends chained every mature coin: an unconfirmed change
            String unsigned = node.rpc("createrawtransaction",
                    List.of(Map.of("txid", coin.get("txid").asText(), "vout", coin.get("vout").asInt())),
                    List.of(Map.of(destination, new BigDecimal(coin.get("amount").asText())))).asText();
            String signed = node.rpc("signrawtransactionwithwallet", unsigned).get("hex").asText();
            String zeroFeeTxid = node.rpc("decoderawtransaction", signed).get("txid").asText();
            String error = node.rpcError("sendrawtransaction", signed);
            JsonNode rejected = tap.await(e -> e.path("event").asText().equals("mempool:rejected")
                    && e.get("txid").asText().equals(zeroFeeTxid), 30);
            assertThat(rejected.get("reason").asText()).isNotEmpty();
            assertThat(error).contains(rejected.get("reason").asText());

            // a block takes the mempool: each entry leaves with reason "block", its coins are spent
            Set<String> inMempool = new HashSet<>();
            node.rpc("getrawmempool").forEach(t -> inMempool.add(t.asText()));
            assertThat(inMempool).containsExactlyInAnyOrder(sent.get(0), sent.get(1), replacement);
            int mark = tap.size();
            String blockHash = node.mine(1, miner).get(0);
            tap.await(e -> e.path("event").asText().equals("validation:block_connected")
                    && e.get("hash").asText().equals(blockHash), 30);
            tap.awaitQuiet(500, 30);
            Set<String> minedOut = new HashSet<>();
            for (JsonNode e : tap.named("mempool:removed")) {
                if (e.get("reason").asText().equals("block")) {
                    minedOut.add(e.get("txid").asText());
                }
            }
            assertThat(minedOut).isEqualTo(inMempool);
            JsonNode block = node.rpc("getblock", blockHash, 3);
            // spent twice, like the coins added: the template's check, then the block itself
            List<String> spent = new ArrayList<>();
            for (JsonNode tx : block.get("tx")) {
                for (JsonNode in : tx.get("vin")) {
                    if (in.has("txid")) {
                        spent.add(in.get("txid").asText() + ":" + in.get("vout").asInt() + " " + sats(in.get("prevout").get("value")));
                    }
                }
            }
            spent.addAll(List.copyOf(spent));
            List<String> reported = new ArrayList<>();
            // (mempool acceptance spends and adds coins in its own view too: only what mining did counts here)
            List<JsonNode> all = tap.events();
            for (JsonNode e : all.subList(mark, all.size())) {
                if (!e.path("event").asText().equals("utxocache:spent")) {
                    continue;
                }
                reported.add(e.get("txid").asText() + ":" + e.get("vout").asInt() + " " + e.get("value").asLong());
            }
            assertThat(reported).containsExactlyInAnyOrderElementsOf(spent);
        }
    }

    @Test
    void aSecondNodeSyncsAndEveryMessageAndConnectionMatchesGetpeerinfo() throws Exception {
        try (RegtestNode second = RegtestNode.start(network, dir.resolve("b"), 1);
             LogTap first = LogTap.attach(node.pid(), "--events", "net:*");
             LogTap other = LogTap.attach(second.pid(), "--events", "net:*,validation:block_connected")) {
            int height = node.rpc("getblockcount").asInt();
            second.connect(node);
            List<JsonNode> synced = other.awaitCount("validation:block_connected", height, 120);
            for (int h = 1; h <= height; h++) {
                assertThat(synced.get(h - 1).get("height").asInt()).isEqualTo(h);
                assertThat(synced.get(h - 1).get("hash").asText()).isEqualTo(node.rpc("getblockhash", h).asText());
            }
            first.awaitQuiet(2000, 60);
            other.awaitQuiet(2000, 60);

            JsonNode inbound = single(node.rpc("getpeerinfo"));
            JsonNode outbound = single(second.rpc("getpeerinfo"));
            JsonNode opened = first.await(e -> e.path("event").asText().equals("net:inbound_connection"), 5);
            assertThat(opened.get("peer_id").asLong()).isEqualTo(inbound.get("id").asLong());
            assertThat(opened.get("addr").asText()).isEqualTo(inbound.get("addr").asText());
            assertThat(opened.get("conn_type").asText()).isEqualTo("inbound").isEqualTo(inbound.get("connection_type").asText());
            assertThat(opened.get("network").asText()).isEqualTo(network(inbound));
            JsonNode dialled = other.await(e -> e.path("event").asText().equals("net:outbound_connection"), 5);
            assertThat(dialled.get("peer_id").asLong()).isEqualTo(outbound.get("id").asLong());
            assertThat(dialled.get("addr").asText()).isEqualTo("127.0.0.1:" + node.p2pPort()).isEqualTo(outbound.get("addr").asText());
            assertThat(dialled.get("conn_type").asText()).isEqualTo("manual").isEqualTo(outbound.get("connection_type").asText());
            assertThat(dialled.get("network").asText()).isEqualTo(network(outbound));

            assertBytesPerMessageMatch(first, inbound);
            assertBytesPerMessageMatch(other, outbound);

            node.rpc("disconnectnode", "", inbound.get("id").asLong());
            JsonNode closed = first.await(e -> e.path("event").asText().equals("net:closed_connection"), 30);
            assertThat(closed.get("peer_id").asLong()).isEqualTo(inbound.get("id").asLong());
            assertThat(closed.get("addr").asText()).isEqualTo(inbound.get("addr").asText());
            assertThat(closed.get("conn_type").asText()).isEqualTo("inbound");
            assertThat(closed.get("time_established").asLong()).isEqualTo(inbound.get("conntime").asLong());
            JsonNode lost = other.await(e -> e.path("event").asText().equals("net:closed_connection"), 30);
            assertThat(lost.get("peer_id").asLong()).isEqualTo(outbound.get("id").asLong());
            assertThat(lost.get("conn_type").asText()).isEqualTo("manual");
            assertThat(lost.get("time_established").asLong()).isEqualTo(outbound.get("conntime").asLong());
        }
    }

    @Test
    void anOversizedAddrMessageIsMisbehaviourInTheNodesOwnWords() throws Exception {
        try (LogTap tap = LogTap.attach(node.pid(), "--events", "net:*");
             ScriptedPeer.Driver peer = new ScriptedPeer.Driver(network, node.p2pPort())) {
            peer.run("handshake");
            JsonNode info = null;
            for (JsonNode p : node.rpc("getpeerinfo")) {
                if (p.get("subver").asText().equals("/nodescope-scripted-peer:0.1/")) {
                    info = p;
                }
            }
            assertThat(info).isNotNull();
            long id = info.get("id").asLong();
            peer.run("addr 1001");
            JsonNode misbehaving = tap.await(e -> e.path("event").asText().equals("net:misbehaving_connection"), 30);
            assertThat(misbehaving.get("peer_id").asLong()).isEqualTo(id);
            assertThat(misbehaving.get("reason").asText()).isEqualTo("addr message size = 1001");
            assertThat(Files.readString(node.datadir().resolve("regtest/debug.log")))
                    .contains("Misbehaving: peer=" + id + ": " + misbehaving.get("reason").asText());
            JsonNode addr = tap.await(e -> e.path("event").asText().equals("net:inbound_message")
                    && e.get("peer_id").asLong() == id && e.get("msg_type").asText().equals("addr"), 5);
            assertThat(addr.get("size").asLong()).isEqualTo(3 + 1001 * 30);
            JsonNode closed = tap.await(e -> e.path("event").asText().equals("net:closed_connection")
                    && e.get("peer_id").asLong() == id, 30);
            assertThat(closed.get("conn_type").asText()).isEqualTo("inbound");
            assertThat(closed.get("time_established").asLong()).isEqualTo(info.get("conntime").asLong());
        }
    }

    /** Bitcoin Core counts transport bytes per message type, nodescope sees payloads: {@link WireBytes}. */
    private static void assertBytesPerMessageMatch(LogTap tap, JsonNode peer) {
        String transport = peer.get("transport_protocol_type").asText();
        Map<String, Long> received = new HashMap<>();
        Map<String, Long> sent = new HashMap<>();
        for (JsonNode e : tap.events()) {
            String event = e.path("event").asText();
            if (!event.endsWith("_message") || e.get("peer_id").asLong() != peer.get("id").asLong()) {
                continue;
            }
            String type = e.get("msg_type").asText();
            long wire = e.get("size").asLong() + WireBytes.overhead(transport, type);
            (event.equals("net:inbound_message") ? received : sent).merge(type, wire, Long::sum);
        }
        assertThat(received).isEqualTo(perMessage(peer.get("bytesrecv_per_msg")));
        assertThat(sent).isEqualTo(perMessage(peer.get("bytessent_per_msg")));
    }


    private static Map<String, Long> perMessage(JsonNode counts) {
        Map<String, Long> map = new HashMap<>();
        counts.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("*other*")) {
                map.put(f.getKey(), f.getValue().asLong());
            }
        });
        return map;
    }

    /** getpeerinfo's network names, in nodescope's words. */
    private static String network(JsonNode peer) {
        String core = peer.get("network").asText();
        return core.equals("not_publicly_routable") ? "unroutable" : core;
    }

    private static JsonNode single(JsonNode peers) {
        assertThat(peers).hasSize(1);
        return peers.get(0);
    }

    private static List<String> coins(List<JsonNode> events) {
        return events.stream().map(e -> e.get("txid").asText() + ":" + e.get("vout").asLong() + " " + e.get("value").asLong()
                + (e.get("coinbase").asBoolean() ? " coinbase" : "")).toList();
    }

    /** The spendable outputs a block creates (OP_RETURN outputs never enter the UTXO set). */
    private static List<String> createdCoins(JsonNode block) {
        List<String> coins = new ArrayList<>();
        boolean coinbase = true;
        for (JsonNode tx : block.get("tx")) {
            for (JsonNode out : tx.get("vout")) {
                if (!out.get("scriptPubKey").get("type").asText().equals("nulldata")) {
                    coins.add(tx.get("txid").asText() + ":" + out.get("n").asLong() + " " + sats(out.get("value"))
                            + (coinbase ? " coinbase" : ""));
                }
            }
            coinbase = false;
        }
        return coins;
    }

    private static long sats(JsonNode btc) {
        return new BigDecimal(btc.asText()).movePointRight(8).longValueExact();
    }
}
