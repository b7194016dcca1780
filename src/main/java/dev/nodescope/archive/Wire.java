package dev.nodescope.archive;

/**
 * Field numbers of the archive's records, in protobuf's wire format. docs/archive.proto is the same
 * schema for readers in other languages; {@code ArchiveProtoTest} keeps the two in step. Numbers are
 * never reused: a new field gets a new number, and readers skip the numbers they do not know.
 */
final class Wire {
    private Wire() {
    }

    // Record: the envelope, delta-coded against the previous record of the same block
    static final int MONO_DELTA = 1;
    static final int WALL_DELTA = 2;
    static final int SEQ_DELTA = 3;
    static final int PID_DELTA = 4;
    static final int TID_MINUS_PID = 5;
    static final int THREAD = 6;
    static final int NODE = 7;
    /** A record that only appends one string to the block's string table. */
    static final int STRING_DEF = 15;
    /** The body of a tracepoint event: field {@code TRACEPOINT_BASE + tracepoint id} (16..35). */
    static final int TRACEPOINT_BASE = 16;
    static final int TRACEPOINT_LAST = 63;
    static final int ATTACHED = 64;
    static final int DETACHED = 65;
    static final int LOSS = 66;

    // net:inbound_message, net:outbound_message
    static final int MSG_PEER_ID = 1;
    static final int MSG_ADDR = 2;
    static final int MSG_CONN_TYPE = 3;
    static final int MSG_TYPE = 4;
    static final int MSG_SIZE = 5;
    static final int MSG_CAPTURED = 6;
    static final int MSG_TRUNCATED = 7;
    static final int MSG_PAYLOAD = 8;

    // net:*_connection (opened and ended share their numbers; field 5 is existing or time established)
    static final int CONN_PEER_ID = 1;
    static final int CONN_ADDR = 2;
    static final int CONN_TYPE = 3;
    static final int CONN_NETWORK = 4;
    static final int CONN_COUNT_OR_TIME = 5;

    // net:misbehaving_connection
    static final int MISB_PEER_ID = 1;
    static final int MISB_REASON = 2;

    // validation:block_connected
    static final int BLOCK_HASH = 1;
    static final int BLOCK_HEIGHT = 2;
    static final int BLOCK_TRANSACTIONS = 3;
    static final int BLOCK_INPUTS = 4;
    static final int BLOCK_SIGOPS = 5;
    static final int BLOCK_DURATION_NS = 6;

    // utxocache:flush
    static final int FLUSH_DURATION_US = 1;
    static final int FLUSH_MODE = 2;
    static final int FLUSH_COINS = 3;
    static final int FLUSH_MEMORY = 4;
    static final int FLUSH_FOR_PRUNE = 5;

    // utxocache:add, spent, uncache
    static final int UTXO_TXID = 1;
    static final int UTXO_VOUT = 2;
    static final int UTXO_HEIGHT = 3;
    static final int UTXO_VALUE = 4;
    static final int UTXO_COINBASE = 5;

    // coin_selection:*
    static final int CS_WALLET = 1;
    static final int CS_ALGORITHM = 2;
    static final int CS_TARGET = 3;
    static final int CS_WASTE = 4;
    static final int CS_SELECTED_VALUE = 5;
    static final int CS_SUCCESS = 2;
    static final int CS_FEE = 3;
    static final int CS_CHANGE_POS = 4;
    static final int APS_USE_APS = 2;
    static final int APS_SUCCESS = 3;
    static final int APS_FEE = 4;
    static final int APS_CHANGE_POS = 5;

    // mempool:*
    static final int MP_TXID = 1;
    static final int MP_ADDED_VSIZE = 2;
    static final int MP_ADDED_FEE = 3;
    static final int MP_REASON = 2;
    static final int MP_REMOVED_VSIZE = 3;
    static final int MP_REMOVED_FEE = 4;
    static final int MP_REMOVED_ENTRY_TIME = 5;
    static final int RBF_REPLACED_TXID = 1;
    static final int RBF_REPLACED_VSIZE = 2;
    static final int RBF_REPLACED_FEE = 3;
    static final int RBF_REPLACED_ENTRY_TIME = 4;
    static final int RBF_REPLACEMENT_ID = 5;
    static final int RBF_REPLACEMENT_VSIZE = 6;
    static final int RBF_REPLACEMENT_FEE = 7;
    /** 0: not passed (7-argument tracepoint of v28/v29), 1: false, 2: true. */
    static final int RBF_REPLACEMENT_IS_TX = 8;

    // nodescope:attached, detached, loss
    static final int ATT_BINARY = 1;
    static final int ATT_PID = 2;
    static final int ATT_TRACEPOINT = 3;
    static final int ATT_MISSING = 4;
    static final int ATT_BITCOIND_VERSION = 5;
    static final int DET_REASON = 1;
    static final int LOSS_STAGE = 1;
    static final int LOSS_TRACEPOINT = 2;
    static final int LOSS_COUNT = 3;
}
