package dev.nodescope.codec;

import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;

/**
 * Field numbers of the codec's records, in protobuf's wire format. docs/archive.proto is the same
 * schema for readers in other languages; {@code ArchiveProtoTest} keeps the two in step. Numbers are
 * never reused: a new field gets a new number, and readers skip the numbers they do not know.
 *
 * <p>The envelope's numbers are the format's own. The numbers of event fields are not written
 * here: each is declared once, on its event record ({@code @EventField(wire = ...)}), and read
 * from that declaration when this class loads; the names below are for the hand-written encoder
 * and decoder of the hot path, which {@code CodecDeclarationTest} holds to the declarations.
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
    static final int TRACEPOINT_BASE = EventSchema.TRACEPOINT_WIRE_BASE;
    static final int TRACEPOINT_LAST = 63;
    static final int ATTACHED = EventSchema.of(Attached.class).wire();
    static final int DETACHED = EventSchema.of(Detached.class).wire();
    static final int LOSS = EventSchema.of(Loss.class).wire();
    /** The highest record field of a body that this version knows. */
    static final int LAST_BODY = EventSchema.all().stream().mapToInt(EventSpec::wire).max().orElseThrow();
    /** The highest field number within the bodies this version knows. */
    static final int LAST_FIELD = EventSchema.all().stream().flatMap(s -> s.fields().stream()).mapToInt(FieldSpec::wire).max()
            .orElseThrow();

    // net:inbound_message, net:outbound_message
    static final int MSG_PEER_ID = field(InboundMessage.class, "peer_id");
    static final int MSG_ADDR = field(InboundMessage.class, "addr");
    static final int MSG_CONN_TYPE = field(InboundMessage.class, "conn_type");
    static final int MSG_TYPE = field(InboundMessage.class, "msg_type");
    static final int MSG_SIZE = field(InboundMessage.class, "size");
    static final int MSG_CAPTURED = field(InboundMessage.class, "captured");
    static final int MSG_TRUNCATED = field(InboundMessage.class, "truncated");
    static final int MSG_PAYLOAD = field(InboundMessage.class, "payload");

    // net:*_connection (opened and ended share their numbers; field 5 is existing or time established)
    static final int CONN_PEER_ID = field(InboundConnection.class, "peer_id");
    static final int CONN_ADDR = field(InboundConnection.class, "addr");
    static final int CONN_TYPE = field(InboundConnection.class, "conn_type");
    static final int CONN_NETWORK = field(InboundConnection.class, "network");
    static final int CONN_COUNT_OR_TIME = field(InboundConnection.class, "existing_connections");

    // net:misbehaving_connection
    static final int MISB_PEER_ID = field(MisbehavingConnection.class, "peer_id");
    static final int MISB_REASON = field(MisbehavingConnection.class, "reason");

    // validation:block_connected
    static final int BLOCK_HASH = field(BlockConnected.class, "hash");
    static final int BLOCK_HEIGHT = field(BlockConnected.class, "height");
    static final int BLOCK_TRANSACTIONS = field(BlockConnected.class, "transactions");
    static final int BLOCK_INPUTS = field(BlockConnected.class, "inputs");
    static final int BLOCK_SIGOPS = field(BlockConnected.class, "sigops");
    static final int BLOCK_DURATION_NS = field(BlockConnected.class, "duration_ns");

    // utxocache:flush
    static final int FLUSH_DURATION_US = field(UtxoCacheFlush.class, "duration_us");
    static final int FLUSH_MODE = field(UtxoCacheFlush.class, "mode");
    static final int FLUSH_COINS = field(UtxoCacheFlush.class, "coins");
    static final int FLUSH_MEMORY = field(UtxoCacheFlush.class, "memory_bytes");
    static final int FLUSH_FOR_PRUNE = field(UtxoCacheFlush.class, "for_prune");

    // utxocache:add, spent, uncache
    static final int UTXO_TXID = field(UtxoCacheAdd.class, "txid");
    static final int UTXO_VOUT = field(UtxoCacheAdd.class, "vout");
    static final int UTXO_HEIGHT = field(UtxoCacheAdd.class, "height");
    static final int UTXO_VALUE = field(UtxoCacheAdd.class, "value");
    static final int UTXO_COINBASE = field(UtxoCacheAdd.class, "coinbase");

    // coin_selection:*
    static final int CS_WALLET = field(SelectedCoins.class, "wallet");
    static final int CS_ALGORITHM = field(SelectedCoins.class, "algorithm");
    static final int CS_TARGET = field(SelectedCoins.class, "target");
    static final int CS_WASTE = field(SelectedCoins.class, "waste");
    static final int CS_SELECTED_VALUE = field(SelectedCoins.class, "selected_value");
    static final int CS_SUCCESS = field(NormalCreateTxInternal.class, "success");
    static final int CS_FEE = field(NormalCreateTxInternal.class, "fee");
    static final int CS_CHANGE_POS = field(NormalCreateTxInternal.class, "change_pos");
    static final int APS_USE_APS = field(ApsCreateTxInternal.class, "use_aps");
    static final int APS_SUCCESS = field(ApsCreateTxInternal.class, "success");
    static final int APS_FEE = field(ApsCreateTxInternal.class, "fee");
    static final int APS_CHANGE_POS = field(ApsCreateTxInternal.class, "change_pos");

    // mempool:*
    static final int MP_TXID = field(MempoolAdded.class, "txid");
    static final int MP_ADDED_VSIZE = field(MempoolAdded.class, "vsize");
    static final int MP_ADDED_FEE = field(MempoolAdded.class, "fee");
    static final int MP_REASON = field(MempoolRemoved.class, "reason");
    static final int MP_REMOVED_VSIZE = field(MempoolRemoved.class, "vsize");
    static final int MP_REMOVED_FEE = field(MempoolRemoved.class, "fee");
    static final int MP_REMOVED_ENTRY_TIME = field(MempoolRemoved.class, "entry_time");
    static final int RBF_REPLACED_TXID = field(MempoolReplaced.class, "replaced_txid");
    static final int RBF_REPLACED_VSIZE = field(MempoolReplaced.class, "replaced_vsize");
    static final int RBF_REPLACED_FEE = field(MempoolReplaced.class, "replaced_fee");
    static final int RBF_REPLACED_ENTRY_TIME = field(MempoolReplaced.class, "replaced_entry_time");
    static final int RBF_REPLACEMENT_ID = field(MempoolReplaced.class, "replacement_id");
    static final int RBF_REPLACEMENT_VSIZE = field(MempoolReplaced.class, "replacement_vsize");
    static final int RBF_REPLACEMENT_FEE = field(MempoolReplaced.class, "replacement_fee");
    /** 0: not passed (7-argument tracepoint of v25-v28), 1: false, 2: true. */
    static final int RBF_REPLACEMENT_IS_TX = field(MempoolReplaced.class, "replacement_is_tx");

    // nodescope:attached, detached, loss
    static final int ATT_BINARY = field(Attached.class, "binary");
    static final int ATT_PID = field(Attached.class, "pid");
    static final int ATT_TRACEPOINT = field(Attached.class, "tracepoints");
    static final int ATT_MISSING = field(Attached.class, "missing");
    static final int ATT_BITCOIND_VERSION = field(Attached.class, "bitcoind_version");
    static final int DET_REASON = field(Detached.class, "reason");
    static final int LOSS_STAGE = field(Loss.class, "stage");
    static final int LOSS_TRACEPOINT = field(Loss.class, "tracepoint");
    static final int LOSS_COUNT = field(Loss.class, "count");

    /** The declared field number of {@code field} (snake_case) of events of {@code type}. */
    private static int field(Class<? extends Event> type, String field) {
        return EventSchema.of(type).field(field).wire();
    }
}
