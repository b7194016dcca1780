package dev.nodescope.extract;

import static dev.nodescope.extract.RecordLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.nodescope.event.*;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Turns ring-buffer records (the structs of nodescope.h) into typed events. Not thread-safe: one
 * decoder per extraction thread.
 */
final class RecordDecoder {
    private final String node;
    private final byte[] scratch = new byte[ADDR_LEN];
    private long epochOffsetNanos;
    private long seq;

    /** 1000 where the traced release passes block_connected's duration in µs (v23, v24), else 1. */
    private long blockDurationToNanos = 1;

    RecordDecoder(String node) {
        this.node = node;
    }

    /** Set at each attach from the traced binary's version (BitcoindVersion.blockDurationInMicroseconds). */
    void blockDurationInMicroseconds(boolean micros) {
        this.blockDurationToNanos = micros ? 1000 : 1;
    }

    /** Wall time = kernel monotonic time + this offset (re-measured now and then to follow clock steps). */
    void setEpochOffset(long epochOffsetNanos) {
        this.epochOffsetNanos = epochOffsetNanos;
    }

    long epochOffset() {
        return epochOffsetNanos;
    }

    /** The tracepoint id of a record, or -1 when the record is too short to be one of ours. */
    static int tracepointId(MemorySegment data, long offset, int length) {
        if (length < HEADER_SIZE) {
            return -1;
        }
        int id = Short.toUnsignedInt(data.get(JAVA_SHORT_UNALIGNED, offset + TYPE));
        return id < Tracepoint.count() && length >= minimumSize(id) ? id : -1;
    }

    /** Next sequence number; tool events share the sequence with tracepoint events. */
    long nextSeq() {
        return seq++;
    }

    EventMeta toolMeta(int pid, long monoNs) {
        return new EventMeta(node, pid, 0, "nodescope", monoNs, monoNs + epochOffsetNanos, nextSeq());
    }

    /** Decodes a record whose {@link #tracepointId} is {@code id} (already checked). */
    TracepointEvent decode(MemorySegment d, long o, int length, int id) {
        int flags = Short.toUnsignedInt(d.get(JAVA_SHORT_UNALIGNED, o + FLAGS));
        long mono = d.get(JAVA_LONG_UNALIGNED, o + MONO_NS);
        EventMeta meta = new EventMeta(node, d.get(JAVA_INT_UNALIGNED, o + PID), d.get(JAVA_INT_UNALIGNED, o + TID),
                string(d, o + THREAD, THREAD_LEN), mono, mono + epochOffsetNanos, nextSeq());
        Tracepoint tp = Tracepoint.byId(id);
        return switch (tp) {
            case NET_INBOUND_MESSAGE, NET_OUTBOUND_MESSAGE -> message(d, o, length, flags, meta, tp);
            case NET_INBOUND_CONNECTION -> new InboundConnection(meta, i64(d, o + CONN_PEER_ID), string(d, o + CONN_ADDR, ADDR_LEN),
                    string(d, o + CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(d, o + CONN_NETWORK)), i64(d, o + CONN_VALUE));
            case NET_OUTBOUND_CONNECTION -> new OutboundConnection(meta, i64(d, o + CONN_PEER_ID), string(d, o + CONN_ADDR, ADDR_LEN),
                    string(d, o + CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(d, o + CONN_NETWORK)), i64(d, o + CONN_VALUE));
            case NET_EVICTED_INBOUND_CONNECTION -> new EvictedInboundConnection(meta, i64(d, o + CONN_PEER_ID),
                    string(d, o + CONN_ADDR, ADDR_LEN), string(d, o + CONN_CONN_TYPE, CONN_TYPE_LEN),
                    Network.fromCode(u32(d, o + CONN_NETWORK)), i64(d, o + CONN_VALUE));
            case NET_CLOSED_CONNECTION -> new ClosedConnection(meta, i64(d, o + CONN_PEER_ID), string(d, o + CONN_ADDR, ADDR_LEN),
                    string(d, o + CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(d, o + CONN_NETWORK)), i64(d, o + CONN_VALUE));
            case NET_MISBEHAVING_CONNECTION -> new MisbehavingConnection(meta, i64(d, o + MISB_PEER_ID),
                    string(d, o + MISB_REASON, REASON_LEN));
            case VALIDATION_BLOCK_CONNECTED -> new BlockConnected(meta, hash(d, o + BLOCK_HASH), i32(d, o + BLOCK_HEIGHT),
                    i64(d, o + BLOCK_TRANSACTIONS), i32(d, o + BLOCK_INPUTS), i64(d, o + BLOCK_SIGOPS), i64(d, o + BLOCK_DURATION) * blockDurationToNanos);
            case UTXOCACHE_FLUSH -> new UtxoCacheFlush(meta, i64(d, o + FLUSH_DURATION), FlushMode.fromCode(u32(d, o + FLUSH_MODE)),
                    i64(d, o + FLUSH_COINS), i64(d, o + FLUSH_MEMORY), i32(d, o + FLUSH_FOR_PRUNE) != 0);
            case UTXOCACHE_ADD -> new UtxoCacheAdd(meta, hash(d, o + UTXO_TXID), u32(d, o + UTXO_VOUT), u32(d, o + UTXO_HEIGHT),
                    i64(d, o + UTXO_VALUE), i32(d, o + UTXO_COINBASE) != 0);
            case UTXOCACHE_SPENT -> new UtxoCacheSpent(meta, hash(d, o + UTXO_TXID), u32(d, o + UTXO_VOUT), u32(d, o + UTXO_HEIGHT),
                    i64(d, o + UTXO_VALUE), i32(d, o + UTXO_COINBASE) != 0);
            case UTXOCACHE_UNCACHE -> new UtxoCacheUncache(meta, hash(d, o + UTXO_TXID), u32(d, o + UTXO_VOUT), u32(d, o + UTXO_HEIGHT),
                    i64(d, o + UTXO_VALUE), i32(d, o + UTXO_COINBASE) != 0);
            case COIN_SELECTION_SELECTED_COINS -> new SelectedCoins(meta, string(d, o + SEL_WALLET, WALLET_LEN),
                    string(d, o + SEL_ALGO, ALGO_LEN), i64(d, o + SEL_TARGET), i64(d, o + SEL_WASTE), i64(d, o + SEL_VALUE));
            case COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL -> new NormalCreateTxInternal(meta, string(d, o + CTX_WALLET, WALLET_LEN),
                    u8(d, o + CTX_SUCCESS) != 0, i64(d, o + CTX_FEE), i32(d, o + CTX_CHANGE_POS));
            case COIN_SELECTION_ATTEMPTING_APS_CREATE_TX -> new AttemptingApsCreateTx(meta, string(d, o + WALLET_WALLET, WALLET_LEN));
            case COIN_SELECTION_APS_CREATE_TX_INTERNAL -> new ApsCreateTxInternal(meta, string(d, o + CTX_WALLET, WALLET_LEN),
                    u8(d, o + CTX_USE_APS) != 0, u8(d, o + CTX_SUCCESS) != 0, i64(d, o + CTX_FEE), i32(d, o + CTX_CHANGE_POS));
            case MEMPOOL_ADDED -> new MempoolAdded(meta, hash(d, o + ADDED_TXID), i32(d, o + ADDED_VSIZE), i64(d, o + ADDED_FEE));
            case MEMPOOL_REMOVED -> new MempoolRemoved(meta, hash(d, o + REMOVED_TXID), string(d, o + REMOVED_REASON, REMOVAL_REASON_LEN),
                    i32(d, o + REMOVED_VSIZE), i64(d, o + REMOVED_FEE), i64(d, o + REMOVED_ENTRY_TIME));
            case MEMPOOL_REPLACED -> new MempoolReplaced(meta, hash(d, o + REPL_REPLACED_TXID), i32(d, o + REPL_REPLACED_VSIZE),
                    i64(d, o + REPL_REPLACED_FEE), i64(d, o + REPL_REPLACED_ENTRY_TIME), hash(d, o + REPL_REPLACEMENT_ID),
                    i32(d, o + REPL_REPLACEMENT_VSIZE), i64(d, o + REPL_REPLACEMENT_FEE),
                    (flags & F_ARG7) != 0 ? u8(d, o + REPL_IS_TX) != 0 : null);
            case MEMPOOL_REJECTED -> new MempoolRejected(meta, hash(d, o + REJ_TXID), string(d, o + REJ_REASON, REASON_LEN));
        };
    }

    private MessageEvent message(MemorySegment d, long o, int length, int flags, EventMeta meta, Tracepoint tp) {
        long peerId = i64(d, o + MSG_PEER_ID);
        long size = i64(d, o + MSG_SIZE);
        int captured = (int) Math.min(u32(d, o + MSG_CAPTURED), Math.max(0, length - MSG_PAYLOAD));
        byte[] payload = null;
        if (captured > 0) {
            payload = new byte[captured];
            MemorySegment.copy(d, JAVA_BYTE, o + MSG_PAYLOAD, payload, 0, captured);
        }
        String addr = string(d, o + MSG_ADDR, ADDR_LEN);
        String connType = string(d, o + MSG_CONN_TYPE, CONN_TYPE_LEN);
        String msgType = string(d, o + MSG_MSG_TYPE, MSG_TYPE_LEN);
        boolean truncated = (flags & F_PAYLOAD_TRUNCATED) != 0;
        return tp == Tracepoint.NET_INBOUND_MESSAGE
                ? new InboundMessage(meta, peerId, addr, connType, msgType, size, captured, truncated, payload)
                : new OutboundMessage(meta, peerId, addr, connType, msgType, size, captured, truncated, payload);
    }

    private static long i64(MemorySegment d, long at) {
        return d.get(JAVA_LONG_UNALIGNED, at);
    }

    private static int i32(MemorySegment d, long at) {
        return d.get(JAVA_INT_UNALIGNED, at);
    }

    private static long u32(MemorySegment d, long at) {
        return Integer.toUnsignedLong(d.get(JAVA_INT_UNALIGNED, at));
    }

    private static int u8(MemorySegment d, long at) {
        return Byte.toUnsignedInt(d.get(JAVA_BYTE, at));
    }

    private String hash(MemorySegment d, long at) {
        byte[] internal = new byte[32];
        MemorySegment.copy(d, JAVA_BYTE, at, internal, 0, 32);
        return Hex.encodeReversed(internal);
    }

    /**
     * A NUL-terminated string of at most {@code capacity} bytes. The BPF side cuts long strings at
     * the buffer size, possibly inside a UTF-8 sequence; such a torn tail is dropped so the result
     * is always whole characters.
     */
    private String string(MemorySegment d, long at, int capacity) {
        int n = 0;
        boolean ascii = true;
        while (n < capacity) {
            byte b = d.get(JAVA_BYTE, at + n);
            if (b == 0) {
                break;
            }
            ascii &= b >= 0;
            scratch[n++] = b;
        }
        if (ascii) {
            return new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        }
        return new String(scratch, 0, Utf8.wholeCharacters(scratch, n), StandardCharsets.UTF_8);
    }
}
