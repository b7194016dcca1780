package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java decoder reads fields at fixed offsets; this compiles the BPF side's header with the
 * host compiler and checks that every offset and size in RecordLayout matches the C structs.
 */
class RecordLayoutTest {
    /** RecordLayout constant → C expression giving the same number. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        put("TYPE", "offsetof(struct ns_header, type)");
        put("FLAGS", "offsetof(struct ns_header, flags)");
        put("PID", "offsetof(struct ns_header, pid)");
        put("TID", "offsetof(struct ns_header, tid)");
        put("MONO_NS", "offsetof(struct ns_header, mono_ns)");
        put("THREAD", "offsetof(struct ns_header, thread)");
        put("THREAD_LEN", "NS_THREAD_LEN");
        put("HEADER_SIZE", "sizeof(struct ns_header)");
        put("F_PAYLOAD_TRUNCATED", "NS_F_PAYLOAD_TRUNCATED");
        put("F_READ_ERROR", "NS_F_READ_ERROR");
        put("UNREADABLE", "NS_UNREADABLE");
        put("F_ARG7", "NS_F_ARG7");
        put("MSG_PEER_ID", "offsetof(struct ns_message, peer_id)");
        put("MSG_SIZE", "offsetof(struct ns_message, size)");
        put("MSG_CAPTURED", "offsetof(struct ns_message, captured)");
        put("MSG_CONN_TYPE", "offsetof(struct ns_message, conn_type)");
        put("CONN_TYPE_LEN", "NS_CONN_TYPE_LEN");
        put("MSG_MSG_TYPE", "offsetof(struct ns_message, msg_type)");
        put("MSG_TYPE_LEN", "NS_MSG_TYPE_LEN");
        put("MSG_ADDR", "offsetof(struct ns_message, addr)");
        put("ADDR_LEN", "NS_ADDR_LEN");
        put("MSG_PAYLOAD", "offsetof(struct ns_message, payload)");
        put("CONN_PEER_ID", "offsetof(struct ns_connection, peer_id)");
        put("CONN_VALUE", "offsetof(struct ns_connection, value)");
        put("CONN_NETWORK", "offsetof(struct ns_connection, network)");
        put("CONN_CONN_TYPE", "offsetof(struct ns_connection, conn_type)");
        put("CONN_ADDR", "offsetof(struct ns_connection, addr)");
        put("CONN_SIZE", "sizeof(struct ns_connection)");
        put("MISB_PEER_ID", "offsetof(struct ns_misbehaving, peer_id)");
        put("MISB_REASON", "offsetof(struct ns_misbehaving, reason)");
        put("REASON_LEN", "NS_REASON_LEN");
        put("MISB_SIZE", "sizeof(struct ns_misbehaving)");
        put("BLOCK_HASH", "offsetof(struct ns_block_connected, hash)");
        put("BLOCK_HEIGHT", "offsetof(struct ns_block_connected, height)");
        put("BLOCK_INPUTS", "offsetof(struct ns_block_connected, inputs)");
        put("BLOCK_TRANSACTIONS", "offsetof(struct ns_block_connected, transactions)");
        put("BLOCK_SIGOPS", "offsetof(struct ns_block_connected, sigops)");
        put("BLOCK_DURATION", "offsetof(struct ns_block_connected, duration)");
        put("BLOCK_SIZE", "sizeof(struct ns_block_connected)");
        put("FLUSH_DURATION", "offsetof(struct ns_flush, duration_us)");
        put("FLUSH_MODE", "offsetof(struct ns_flush, mode)");
        put("FLUSH_FOR_PRUNE", "offsetof(struct ns_flush, for_prune)");
        put("FLUSH_COINS", "offsetof(struct ns_flush, coins)");
        put("FLUSH_MEMORY", "offsetof(struct ns_flush, memory)");
        put("FLUSH_SIZE", "sizeof(struct ns_flush)");
        put("UTXO_TXID", "offsetof(struct ns_utxo, txid)");
        put("UTXO_VOUT", "offsetof(struct ns_utxo, vout)");
        put("UTXO_HEIGHT", "offsetof(struct ns_utxo, height)");
        put("UTXO_VALUE", "offsetof(struct ns_utxo, value)");
        put("UTXO_COINBASE", "offsetof(struct ns_utxo, coinbase)");
        put("UTXO_SIZE", "sizeof(struct ns_utxo)");
        put("SEL_TARGET", "offsetof(struct ns_selected_coins, target)");
        put("SEL_WASTE", "offsetof(struct ns_selected_coins, waste)");
        put("SEL_VALUE", "offsetof(struct ns_selected_coins, selected_value)");
        put("SEL_ALGO", "offsetof(struct ns_selected_coins, algo)");
        put("ALGO_LEN", "NS_ALGO_LEN");
        put("SEL_WALLET", "offsetof(struct ns_selected_coins, wallet)");
        put("WALLET_LEN", "NS_WALLET_LEN");
        put("SEL_SIZE", "sizeof(struct ns_selected_coins)");
        put("CTX_FEE", "offsetof(struct ns_create_tx, fee)");
        put("CTX_CHANGE_POS", "offsetof(struct ns_create_tx, change_pos)");
        put("CTX_SUCCESS", "offsetof(struct ns_create_tx, success)");
        put("CTX_USE_APS", "offsetof(struct ns_create_tx, use_aps)");
        put("CTX_WALLET", "offsetof(struct ns_create_tx, wallet)");
        put("CTX_SIZE", "sizeof(struct ns_create_tx)");
        put("WALLET_WALLET", "offsetof(struct ns_wallet, wallet)");
        put("WALLET_SIZE", "sizeof(struct ns_wallet)");
        put("ADDED_TXID", "offsetof(struct ns_mempool_added, txid)");
        put("ADDED_VSIZE", "offsetof(struct ns_mempool_added, vsize)");
        put("ADDED_FEE", "offsetof(struct ns_mempool_added, fee)");
        put("ADDED_SIZE", "sizeof(struct ns_mempool_added)");
        put("REMOVED_TXID", "offsetof(struct ns_mempool_removed, txid)");
        put("REMOVED_VSIZE", "offsetof(struct ns_mempool_removed, vsize)");
        put("REMOVED_FEE", "offsetof(struct ns_mempool_removed, fee)");
        put("REMOVED_ENTRY_TIME", "offsetof(struct ns_mempool_removed, entry_time)");
        put("REMOVED_REASON", "offsetof(struct ns_mempool_removed, reason)");
        put("REMOVAL_REASON_LEN", "NS_REMOVAL_REASON_LEN");
        put("REMOVED_SIZE", "sizeof(struct ns_mempool_removed)");
        put("REPL_REPLACED_TXID", "offsetof(struct ns_mempool_replaced, replaced_txid)");
        put("REPL_REPLACEMENT_ID", "offsetof(struct ns_mempool_replaced, replacement_id)");
        put("REPL_REPLACED_VSIZE", "offsetof(struct ns_mempool_replaced, replaced_vsize)");
        put("REPL_REPLACEMENT_VSIZE", "offsetof(struct ns_mempool_replaced, replacement_vsize)");
        put("REPL_REPLACED_FEE", "offsetof(struct ns_mempool_replaced, replaced_fee)");
        put("REPL_REPLACED_ENTRY_TIME", "offsetof(struct ns_mempool_replaced, replaced_entry_time)");
        put("REPL_REPLACEMENT_FEE", "offsetof(struct ns_mempool_replaced, replacement_fee)");
        put("REPL_IS_TX", "offsetof(struct ns_mempool_replaced, replacement_is_tx)");
        put("REPL_SIZE", "sizeof(struct ns_mempool_replaced)");
        put("REJ_TXID", "offsetof(struct ns_mempool_rejected, txid)");
        put("REJ_REASON", "offsetof(struct ns_mempool_rejected, reason)");
        put("REJ_SIZE", "sizeof(struct ns_mempool_rejected)");
        put("CONFIG_PAYLOAD_MAX", "offsetof(struct ns_config, payload_max)");
        put("CONFIG_WAKE_BYTES", "offsetof(struct ns_config, wake_bytes)");
        put("CONFIG_SIZE", "sizeof(struct ns_config)");
        put("STAT_HITS", "NS_STAT_HITS");
        put("STAT_RING_RESERVE", "NS_STAT_RING_RESERVE");
        put("STAT_READ_USER", "NS_STAT_READ_USER");
        put("STAT_TRUNCATED", "NS_STAT_TRUNCATED");
        put("STAT_PAYLOAD_DROPPED", "NS_STAT_PAYLOAD_DROPPED");
        put("STAT_COUNT", "NS_STAT_COUNT");
    }

    private static void put(String constant, String cExpression) {
        EXPECTED.put(constant, cExpression);
    }

    @Test
    void everyOffsetMatchesTheCHeader(@TempDir Path dir) throws Exception {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/types.h>\n"
                + "#include \"nodescope.h\"\nint main(void) {\n");
        for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
            c.append("  printf(\"").append(e.getKey()).append("=%lu\\n\", (unsigned long)(").append(e.getValue()).append("));\n");
        }
        c.append("  printf(\"TRACEPOINT_COUNT=%d\\n\", NS_TRACEPOINT_COUNT);\n  return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("layout.c"), c);
        Path exe = dir.resolve("layout");
        Process gcc = new ProcessBuilder("gcc", "-I", Path.of("src/main/bpf").toAbsolutePath().toString(), "-o", exe.toString(),
                src.toString()).redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(gccOut).isZero();
        Process run = new ProcessBuilder(exe.toString()).start();
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] kv = line.split("=");
            actual.put(kv[0], Long.parseLong(kv[1]));
        }
        for (String constant : EXPECTED.keySet()) {
            Field f = RecordLayout.class.getDeclaredField(constant);
            assertThat((long) f.getInt(null)).as(constant + " = " + EXPECTED.get(constant)).isEqualTo(actual.get(constant));
        }
        assertThat(actual.get("TRACEPOINT_COUNT")).isEqualTo(dev.nodescope.event.Tracepoint.count());
        for (int id = 0; id < dev.nodescope.event.Tracepoint.count(); id++) {
            assertThat(RecordLayout.minimumSize(id)).isLessThan(Integer.MAX_VALUE);
        }
    }
}
