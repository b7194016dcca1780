package dev.nodescope.extract;

import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.schema.EventSchema;

/**
 * Byte offsets of the records the BPF programs write, mirroring the structs of
 * src/main/bpf/nodescope.h (RecordLayoutTest compiles that header and checks every offset).
 */
final class RecordLayout {
    private RecordLayout() {
    }

    // struct ns_header
    static final int TYPE = 0;
    static final int FLAGS = 2;
    static final int PID = 4;
    static final int TID = 8;
    static final int MONO_NS = 16;
    static final int THREAD = 24;
    static final int THREAD_LEN = 16;
    static final int HEADER_SIZE = 40;

    // ns_header.flags
    static final int F_PAYLOAD_TRUNCATED = 0x1;
    static final int F_READ_ERROR = 0x2;
    static final int F_ARG7 = 0x8;

    /** After the NUL of a string that could not be read (with F_READ_ERROR). */
    static final int UNREADABLE = 0x01;

    // struct ns_message
    static final int MSG_PEER_ID = 40;
    static final int MSG_SIZE = 48;
    static final int MSG_CAPTURED = 56;
    static final int MSG_CONN_TYPE = 64;
    static final int CONN_TYPE_LEN = 24;
    static final int MSG_MSG_TYPE = 88;
    static final int MSG_TYPE_LEN = 16;
    static final int MSG_ADDR = 104;
    static final int ADDR_LEN = 256;
    static final int MSG_PAYLOAD = 360;

    // struct ns_connection
    static final int CONN_PEER_ID = 40;
    static final int CONN_VALUE = 48;
    static final int CONN_NETWORK = 56;
    static final int CONN_CONN_TYPE = 64;
    static final int CONN_ADDR = 88;
    static final int CONN_SIZE = 344;

    // struct ns_misbehaving
    static final int MISB_PEER_ID = 40;
    static final int MISB_REASON = 48;
    static final int REASON_LEN = 128;
    static final int MISB_SIZE = 176;

    // struct ns_block_connected
    static final int BLOCK_HASH = 40;
    static final int BLOCK_HEIGHT = 72;
    static final int BLOCK_INPUTS = 76;
    static final int BLOCK_TRANSACTIONS = 80;
    static final int BLOCK_SIGOPS = 88;
    static final int BLOCK_DURATION = 96;
    static final int BLOCK_SIZE = 104;

    // struct ns_flush
    static final int FLUSH_DURATION = 40;
    static final int FLUSH_MODE = 48;
    static final int FLUSH_FOR_PRUNE = 52;
    static final int FLUSH_COINS = 56;
    static final int FLUSH_MEMORY = 64;
    static final int FLUSH_SIZE = 72;

    // struct ns_utxo
    static final int UTXO_TXID = 40;
    static final int UTXO_VOUT = 72;
    static final int UTXO_HEIGHT = 76;
    static final int UTXO_VALUE = 80;
    static final int UTXO_COINBASE = 88;
    static final int UTXO_SIZE = 96;

    // struct ns_selected_coins
    static final int SEL_TARGET = 40;
    static final int SEL_WASTE = 48;
    static final int SEL_VALUE = 56;
    static final int SEL_ALGO = 64;
    static final int ALGO_LEN = 16;
    static final int SEL_WALLET = 80;
    static final int WALLET_LEN = 128;
    static final int SEL_SIZE = 208;

    // struct ns_create_tx
    static final int CTX_FEE = 40;
    static final int CTX_CHANGE_POS = 48;
    static final int CTX_SUCCESS = 52;
    static final int CTX_USE_APS = 53;
    static final int CTX_WALLET = 56;
    static final int CTX_SIZE = 184;

    // struct ns_wallet
    static final int WALLET_WALLET = 40;
    static final int WALLET_SIZE = 168;

    // struct ns_mempool_added
    static final int ADDED_TXID = 40;
    static final int ADDED_VSIZE = 72;
    static final int ADDED_FEE = 80;
    static final int ADDED_SIZE = 88;

    // struct ns_mempool_removed
    static final int REMOVED_TXID = 40;
    static final int REMOVED_VSIZE = 72;
    static final int REMOVED_FEE = 80;
    static final int REMOVED_ENTRY_TIME = 88;
    static final int REMOVED_REASON = 96;
    static final int REMOVAL_REASON_LEN = 16;
    static final int REMOVED_SIZE = 112;

    // struct ns_mempool_replaced
    static final int REPL_REPLACED_TXID = 40;
    static final int REPL_REPLACEMENT_ID = 72;
    static final int REPL_REPLACED_VSIZE = 104;
    static final int REPL_REPLACEMENT_VSIZE = 108;
    static final int REPL_REPLACED_FEE = 112;
    static final int REPL_REPLACED_ENTRY_TIME = 120;
    static final int REPL_REPLACEMENT_FEE = 128;
    static final int REPL_IS_TX = 136;
    static final int REPL_SIZE = 144;

    // struct ns_mempool_rejected
    static final int REJ_TXID = 40;
    static final int REJ_REASON = 72;
    static final int REJ_SIZE = 200;

    // struct ns_config
    static final int CONFIG_PAYLOAD_MAX = 0;
    static final int CONFIG_WAKE_BYTES = 8;
    static final int CONFIG_SIZE = 16;

    // enum ns_stat
    static final int STAT_HITS = 0;
    static final int STAT_RING_RESERVE = 1;
    static final int STAT_READ_USER = 2;
    static final int STAT_TRUNCATED = 3;
    static final int STAT_PAYLOAD_DROPPED = 4;
    static final int STAT_COUNT = 8;

    /** Fixed record size per tracepoint id (messages add their captured payload). */
    static int minimumSize(int id) {
        return switch (id) {
            case 0, 1 -> MSG_PAYLOAD;
            case 2, 3, 4, 6 -> CONN_SIZE;
            case 5 -> MISB_SIZE;
            case 7 -> BLOCK_SIZE;
            case 8 -> FLUSH_SIZE;
            case 9, 10, 11 -> UTXO_SIZE;
            case 12 -> SEL_SIZE;
            case 13, 15 -> CTX_SIZE;
            case 14 -> WALLET_SIZE;
            case 16 -> ADDED_SIZE;
            case 17 -> REMOVED_SIZE;
            case 18 -> REPL_SIZE;
            case 19 -> REJ_SIZE;
            // a tracepoint declared since: its struct's size in the BPF object
            default -> id >= 0 && id < Tracepoint.count()
                    ? BtfLayout.bundled().size(EventSchema.of(Tracepoint.byId(id)).struct()) : Integer.MAX_VALUE;
        };
    }
}
