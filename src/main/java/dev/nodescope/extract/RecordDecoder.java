package dev.nodescope.extract;

import static dev.nodescope.extract.RecordLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.nodescope.event.*;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.hex.Hex;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Turns ring-buffer records (the structs of nodescope.h) into typed events. Not thread-safe: one
 * decoder per extraction thread.
 */
final class RecordDecoder {
    private final String node;
    private final byte[] scratch = new byte[ADDR_LEN];
    private final StringCache strings = new StringCache();
    private final byte[] hashScratch = new byte[32];
    /** The fixed part of the record being decoded (the largest, a message's, is MSG_PAYLOAD bytes). */
    private final byte[] record = new byte[4096];
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private long epochOffsetNanos;
    private long seq;
    /** Whether the record being decoded has an argument the BPF program could not read. */
    private boolean readError;

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
        byte[] r = copy(d, o, length);
        int flags = u16(r, FLAGS);
        readError = (flags & F_READ_ERROR) != 0;
        long mono = i64(r, MONO_NS);
        EventMeta meta = new EventMeta(node, i32(r, PID), i32(r, TID), string(r, THREAD, THREAD_LEN), mono, mono + epochOffsetNanos,
                nextSeq());
        Tracepoint tp = Tracepoint.byId(id);
        return switch (tp) {
            case NET_INBOUND_MESSAGE, NET_OUTBOUND_MESSAGE -> message(r, d, o, length, flags, meta, tp);
            case NET_INBOUND_CONNECTION -> new InboundConnection(meta, i64(r, CONN_PEER_ID), string(r, CONN_ADDR, ADDR_LEN),
                    string(r, CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(r, CONN_NETWORK)), i64(r, CONN_VALUE));
            case NET_OUTBOUND_CONNECTION -> new OutboundConnection(meta, i64(r, CONN_PEER_ID), string(r, CONN_ADDR, ADDR_LEN),
                    string(r, CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(r, CONN_NETWORK)), i64(r, CONN_VALUE));
            case NET_EVICTED_INBOUND_CONNECTION -> new EvictedInboundConnection(meta, i64(r, CONN_PEER_ID),
                    string(r, CONN_ADDR, ADDR_LEN), string(r, CONN_CONN_TYPE, CONN_TYPE_LEN),
                    Network.fromCode(u32(r, CONN_NETWORK)), i64(r, CONN_VALUE));
            case NET_CLOSED_CONNECTION -> new ClosedConnection(meta, i64(r, CONN_PEER_ID), string(r, CONN_ADDR, ADDR_LEN),
                    string(r, CONN_CONN_TYPE, CONN_TYPE_LEN), Network.fromCode(u32(r, CONN_NETWORK)), i64(r, CONN_VALUE));
            case NET_MISBEHAVING_CONNECTION -> new MisbehavingConnection(meta, i64(r, MISB_PEER_ID),
                    string(r, MISB_REASON, REASON_LEN));
            case VALIDATION_BLOCK_CONNECTED -> new BlockConnected(meta, hash(r, BLOCK_HASH), i32(r, BLOCK_HEIGHT),
                    i64(r, BLOCK_TRANSACTIONS), i32(r, BLOCK_INPUTS), i64(r, BLOCK_SIGOPS), i64(r, BLOCK_DURATION) * blockDurationToNanos);
            case UTXOCACHE_FLUSH -> new UtxoCacheFlush(meta, i64(r, FLUSH_DURATION), FlushMode.fromCode(u32(r, FLUSH_MODE)),
                    i64(r, FLUSH_COINS), i64(r, FLUSH_MEMORY), i32(r, FLUSH_FOR_PRUNE) != 0);
            case UTXOCACHE_ADD -> new UtxoCacheAdd(meta, hash(r, UTXO_TXID), u32(r, UTXO_VOUT), u32(r, UTXO_HEIGHT),
                    i64(r, UTXO_VALUE), i32(r, UTXO_COINBASE) != 0);
            case UTXOCACHE_SPENT -> new UtxoCacheSpent(meta, hash(r, UTXO_TXID), u32(r, UTXO_VOUT), u32(r, UTXO_HEIGHT),
                    i64(r, UTXO_VALUE), i32(r, UTXO_COINBASE) != 0);
            case UTXOCACHE_UNCACHE -> new UtxoCacheUncache(meta, hash(r, UTXO_TXID), u32(r, UTXO_VOUT), u32(r, UTXO_HEIGHT),
                    i64(r, UTXO_VALUE), i32(r, UTXO_COINBASE) != 0);
            case COIN_SELECTION_SELECTED_COINS -> new SelectedCoins(meta, string(r, SEL_WALLET, WALLET_LEN),
                    string(r, SEL_ALGO, ALGO_LEN), i64(r, SEL_TARGET), i64(r, SEL_WASTE), i64(r, SEL_VALUE));
            case COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL -> new NormalCreateTxInternal(meta, string(r, CTX_WALLET, WALLET_LEN),
                    u8(r, CTX_SUCCESS) != 0, i64(r, CTX_FEE), i32(r, CTX_CHANGE_POS));
            case COIN_SELECTION_ATTEMPTING_APS_CREATE_TX -> new AttemptingApsCreateTx(meta, string(r, WALLET_WALLET, WALLET_LEN));
            case COIN_SELECTION_APS_CREATE_TX_INTERNAL -> new ApsCreateTxInternal(meta, string(r, CTX_WALLET, WALLET_LEN),
                    u8(r, CTX_USE_APS) != 0, u8(r, CTX_SUCCESS) != 0, i64(r, CTX_FEE), i32(r, CTX_CHANGE_POS));
            case MEMPOOL_ADDED -> new MempoolAdded(meta, hash(r, ADDED_TXID), i32(r, ADDED_VSIZE), i64(r, ADDED_FEE));
            case MEMPOOL_REMOVED -> new MempoolRemoved(meta, hash(r, REMOVED_TXID), string(r, REMOVED_REASON, REMOVAL_REASON_LEN),
                    i32(r, REMOVED_VSIZE), i64(r, REMOVED_FEE), i64(r, REMOVED_ENTRY_TIME));
            case MEMPOOL_REPLACED -> new MempoolReplaced(meta, hash(r, REPL_REPLACED_TXID), i32(r, REPL_REPLACED_VSIZE),
                    i64(r, REPL_REPLACED_FEE), i64(r, REPL_REPLACED_ENTRY_TIME), hash(r, REPL_REPLACEMENT_ID),
                    i32(r, REPL_REPLACEMENT_VSIZE), i64(r, REPL_REPLACEMENT_FEE),
                    (flags & F_ARG7) != 0 ? u8(r, REPL_IS_TX) != 0 : null);
            case MEMPOOL_REJECTED -> new MempoolRejected(meta, hash(r, REJ_TXID), string(r, REJ_REASON, REASON_LEN));
            // a tracepoint declared since the cases above were written: read by its declaration
            default -> declared(r, d, o, length, flags, meta, tp);
        };
    }

    /** Decodes as {@link #decode} does, but every field by its declaration (for the checks). */
    TracepointEvent decodeFromDeclaration(MemorySegment d, long o, int length, int id) {
        byte[] r = copy(d, o, length);
        int flags = u16(r, FLAGS);
        readError = (flags & F_READ_ERROR) != 0;
        long mono = i64(r, MONO_NS);
        EventMeta meta = new EventMeta(node, i32(r, PID), i32(r, TID), string(r, THREAD, THREAD_LEN), mono, mono + epochOffsetNanos,
                nextSeq());
        return declared(r, d, o, length, flags, meta, Tracepoint.byId(id));
    }

    /**
     * A record read member by member: each field's {@code @EventField(c = ...)} member, at the
     * offset and with the size and signedness the BPF object's BTF gives it. A nullable field is an
     * optional trailing argument, present when F_ARG7 is set; a field without a member is empty.
     */
    private TracepointEvent declared(byte[] r, MemorySegment d, long o, int length, int flags, EventMeta meta, Tracepoint tp) {
        EventSpec spec = EventSchema.of(tp);
        BtfLayout layout = BtfLayout.bundled();
        List<FieldSpec> fields = spec.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            FieldSpec f = fields.get(i);
            Class<?> t = f.javaType();
            BtfLayout.Member m = f.cMember().isEmpty() ? null : layout.member(spec.struct(), f.cMember());
            if (m == null) {
                values[i] = t == long.class ? (Object) 0L : t == int.class ? (Object) 0 : t == boolean.class ? (Object) false
                        : t == String.class ? "" : null;
                continue;
            }
            int at = m.offset();
            if (t == byte[].class) {
                // a trailing byte array (a payload) can be longer than the copy: from the ring
                int n = Math.max(0, length - at);
                byte[] b = null;
                if (n > 0) {
                    b = new byte[n];
                    MemorySegment.copy(d, JAVA_BYTE, o + at, b, 0, n);
                }
                values[i] = b;
            } else if (f.isHash()) {
                values[i] = hash(r, at);
            } else if (t == String.class) {
                values[i] = string(r, at, m.size());
            } else {
                long raw = switch (m.size()) {
                    case 1 -> m.signed() ? r[at] : u8(r, at);
                    case 2 -> m.signed() ? (short) u16(r, at) : u16(r, at);
                    case 4 -> m.signed() ? i32(r, at) : u32(r, at);
                    default -> i64(r, at);
                };
                values[i] = t == long.class ? (Object) raw
                        : t == int.class ? (Object) (int) raw
                        : t == boolean.class ? (Object) (raw != 0)
                        : t == Boolean.class ? ((flags & F_ARG7) != 0 ? (Object) (raw != 0) : null)
                        : t.isEnum() ? constant(t, raw) : null;
            }
        }
        return (TracepointEvent) spec.create(meta, values);
    }

    /** The enum constant with that code, or its UNKNOWN constant (a newer bitcoind's value). */
    private static Object constant(Class<?> type, long code) {
        Object[] constants = type.getEnumConstants();
        Object unknown = null;
        for (Object c : constants) {
            if (((Enum<?>) c).name().equals("UNKNOWN")) {
                unknown = c;
            }
        }
        int known = unknown == null ? constants.length : ((Enum<?>) unknown).ordinal();
        return code >= 0 && code < known ? constants[(int) code] : unknown;
    }

    private MessageEvent message(byte[] r, MemorySegment d, long o, int length, int flags, EventMeta meta, Tracepoint tp) {
        long peerId = i64(r, MSG_PEER_ID);
        long size = i64(r, MSG_SIZE);
        int captured = (int) Math.min(u32(r, MSG_CAPTURED), Math.max(0, length - MSG_PAYLOAD));
        byte[] payload = null;
        if (captured > 0) {
            payload = new byte[captured];
            MemorySegment.copy(d, JAVA_BYTE, o + MSG_PAYLOAD, payload, 0, captured);
        }
        String addr = string(r, MSG_ADDR, ADDR_LEN);
        String connType = string(r, MSG_CONN_TYPE, CONN_TYPE_LEN);
        String msgType = string(r, MSG_MSG_TYPE, MSG_TYPE_LEN);
        boolean truncated = (flags & F_PAYLOAD_TRUNCATED) != 0;
        return tp == Tracepoint.NET_INBOUND_MESSAGE
                ? new InboundMessage(meta, peerId, addr, connType, msgType, size, captured, truncated, payload)
                : new OutboundMessage(meta, peerId, addr, connType, msgType, size, captured, truncated, payload);
    }

    /**
     * The record's fixed part, copied out of the ring in one go: fields are then read from a plain
     * array, which the JIT compiles into a few loads, where a read through the ring's
     * MemorySegment costs bounds, liveness and layout checks and much compilation (issue 18).
     * A payload past the fixed part is copied straight from the ring.
     */
    private byte[] copy(MemorySegment d, long o, int length) {
        MemorySegment.copy(d, JAVA_BYTE, o, record, 0, Math.min(length, record.length));
        return record;
    }

    private static long i64(byte[] r, int at) {
        return (long) I64.get(r, at);
    }

    private static int i32(byte[] r, int at) {
        return (int) I32.get(r, at);
    }

    private static long u32(byte[] r, int at) {
        return Integer.toUnsignedLong(i32(r, at));
    }

    private static int u16(byte[] r, int at) {
        return Short.toUnsignedInt((short) I16.get(r, at));
    }

    private static int u8(byte[] r, int at) {
        return Byte.toUnsignedInt(r[at]);
    }

    private String hash(byte[] r, int at) {
        byte[] b = hashScratch;
        System.arraycopy(r, at, b, 0, 32);
        if (readError && isZero(b)) {
            return TracepointEvent.UNREADABLE;
        }
        // internal (little-endian) order to RPC order
        return Hex.encodeReversed(b);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A NUL-terminated string of at most {@code capacity} bytes. The BPF side cuts long strings at
     * the buffer size, possibly inside a UTF-8 sequence; such a torn tail is dropped so the result
     * is always whole characters. One it could not read at all is {@link TracepointEvent#UNREADABLE}.
     */
    private String string(byte[] r, int at, int capacity) {
        int n = 0;
        int hash = 0;
        boolean ascii = true;
        while (n < capacity) {
            byte b = r[at + n];
            if (b == 0) {
                break;
            }
            ascii &= b >= 0;
            hash = 31 * hash + b;
            scratch[n++] = b;
        }
        if (n == 0 && readError && r[at + 1] == UNREADABLE) {
            return TracepointEvent.UNREADABLE;
        }
        return strings.get(scratch, ascii ? n : Utf8.wholeCharacters(scratch, n), hash, ascii);
    }
}
