package dev.nodescope.codec;

import com.google.protobuf.CodedOutputStream;
import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoEvent;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.hex.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes events into the raw (uncompressed) bytes of one block: length-delimited records in
 * protobuf's wire format (docs/archive.proto). Every block stands alone, so a reader can start at
 * any block and a damaged block costs only itself: the string table (addresses, message types,
 * thread names...) and the delta-coded envelope start afresh with each block. Not thread-safe.
 *
 * <p>Tracepoint events have hand-written code here (it is the recorder's hot path);
 * {@code CodecDeclarationTest} checks it writes exactly what {@link DeclaredCodec} derives from
 * the declarations. Other events go through {@link DeclaredCodec}.
 */
public final class BlockEncoder {
    private final Map<String, Integer> strings = new HashMap<>();
    private final Buffer body = new Buffer(256);
    private final Buffer record = new Buffer(256);
    private final Buffer block;
    private long prevMono;
    private long prevWallOffset;
    private long prevSeq = -1;
    private int prevPid;
    private int records;
    private int events;
    private long firstEpochNanos;
    private long lastEpochNanos;

    public BlockEncoder(int initialCapacity) {
        block = new Buffer(initialCapacity);
    }

    /** Appends one event (and the string definitions it needs). */
    public void add(Event e) {
        int bodyField = encodeBody(e);
        EventMeta m = e.meta();
        int threadRef = ref(m.thread());
        int nodeRef = ref(m.node());
        Buffer out = record;
        long wallOffset = m.epochNanos() - m.monoNs();
        writeSInt64(out, Wire.MONO_DELTA, m.monoNs() - prevMono);
        writeSInt64(out, Wire.WALL_DELTA, wallOffset - prevWallOffset);
        writeSInt64(out, Wire.SEQ_DELTA, m.seq() - prevSeq - 1);
        if (m.pid() != prevPid) {
            out.tag(Wire.PID_DELTA, WIRE_VARINT);
            out.varint32(zigZag(m.pid() - prevPid));
        }
        if (m.tid() != m.pid()) {
            out.tag(Wire.TID_MINUS_PID, WIRE_VARINT);
            out.varint32(zigZag(m.tid() - m.pid()));
        }
        writeUInt32(out, Wire.THREAD, threadRef);
        writeUInt32(out, Wire.NODE, nodeRef);
        out.tag(bodyField, WIRE_LEN);
        out.varint32(body.size);
        out.append(body.bytes, 0, body.size);
        appendRecord();
        if (events == 0) {
            firstEpochNanos = m.epochNanos();
        }
        lastEpochNanos = Math.max(lastEpochNanos, m.epochNanos());
        prevMono = m.monoNs();
        prevWallOffset = wallOffset;
        prevSeq = m.seq();
        prevPid = m.pid();
        events++;
    }

    private void appendRecord() {
        block.varint32(record.size);
        block.append(record.bytes, 0, record.size);
        record.size = 0;
        records++;
    }

    /** The index of {@code s} in this block's string table (0 is the empty string); defines it first if new. */
    private int ref(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        Integer known = strings.get(s);
        if (known != null) {
            return known;
        }
        int index = strings.size() + 1;
        strings.put(s, index);
        // what CodedOutputStream.writeString writes, unpaired surrogates included (as '?')
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        record.tag(Wire.STRING_DEF, WIRE_LEN);
        record.varint32(utf8.length);
        record.append(utf8, 0, utf8.length);
        appendRecord();
        return index;
    }

    /** Encodes the event's own fields into {@link #body}; returns the record field that holds them. */
    private int encodeBody(Event event) {
        // strings are defined (as records of their own) before the record that uses them, so
        // resolve them all before the body is written
        body.size = 0;
        Buffer out = body;
        switch (event) {
            case MessageEvent e -> {
                int addr = ref(e.addr()), conn = ref(e.connType()), type = ref(e.msgType());
                writeInt64(out, Wire.MSG_PEER_ID, e.peerId());
                writeUInt32(out, Wire.MSG_ADDR, addr);
                writeUInt32(out, Wire.MSG_CONN_TYPE, conn);
                writeUInt32(out, Wire.MSG_TYPE, type);
                writeInt64(out, Wire.MSG_SIZE, e.size());
                writeUInt32(out, Wire.MSG_CAPTURED, e.captured());
                if (e.truncated()) {
                    writeBool(out, Wire.MSG_TRUNCATED, true);
                }
                if (e.payload() != null) {
                    out.bytesField(Wire.MSG_PAYLOAD, e.payload(), 0, e.payload().length);
                }
            }
            case ConnectionOpened e -> {
                int addr = ref(e.addr()), conn = ref(e.connType());
                connection(out, e.peerId(), addr, conn, e.network().ordinal(), e.existingConnections());
            }
            case ConnectionEnded e -> {
                int addr = ref(e.addr()), conn = ref(e.connType());
                connection(out, e.peerId(), addr, conn, e.network().ordinal(), e.timeEstablished());
            }
            case MisbehavingConnection e -> {
                int reason = ref(e.reason());
                writeInt64(out, Wire.MISB_PEER_ID, e.peerId());
                writeUInt32(out, Wire.MISB_REASON, reason);
            }
            case BlockConnected e -> {
                writeHash(out, Wire.BLOCK_HASH, e.hash());
                writeInt64(out, Wire.BLOCK_HEIGHT, e.height());
                writeInt64(out, Wire.BLOCK_TRANSACTIONS, e.transactions());
                writeInt64(out, Wire.BLOCK_INPUTS, e.inputs());
                writeInt64(out, Wire.BLOCK_SIGOPS, e.sigops());
                writeInt64(out, Wire.BLOCK_DURATION_NS, e.durationNs());
            }
            case UtxoCacheFlush e -> {
                writeInt64(out, Wire.FLUSH_DURATION_US, e.durationUs());
                writeInt64(out, Wire.FLUSH_MODE, e.mode().ordinal());
                writeInt64(out, Wire.FLUSH_COINS, e.coins());
                writeInt64(out, Wire.FLUSH_MEMORY, e.memoryBytes());
                writeBool(out, Wire.FLUSH_FOR_PRUNE, e.forPrune());
            }
            case UtxoEvent e -> {
                writeHash(out, Wire.UTXO_TXID, e.txid());
                writeInt64(out, Wire.UTXO_VOUT, e.vout());
                writeInt64(out, Wire.UTXO_HEIGHT, e.height());
                writeInt64(out, Wire.UTXO_VALUE, e.value());
                writeBool(out, Wire.UTXO_COINBASE, e.coinbase());
            }
            case SelectedCoins e -> {
                int wallet = ref(e.wallet()), algorithm = ref(e.algorithm());
                writeUInt32(out, Wire.CS_WALLET, wallet);
                writeUInt32(out, Wire.CS_ALGORITHM, algorithm);
                writeInt64(out, Wire.CS_TARGET, e.target());
                writeInt64(out, Wire.CS_WASTE, e.waste());
                writeInt64(out, Wire.CS_SELECTED_VALUE, e.selectedValue());
            }
            case NormalCreateTxInternal e -> {
                int wallet = ref(e.wallet());
                writeUInt32(out, Wire.CS_WALLET, wallet);
                writeBool(out, Wire.CS_SUCCESS, e.success());
                writeInt64(out, Wire.CS_FEE, e.fee());
                writeSInt64(out, Wire.CS_CHANGE_POS, e.changePos());
            }
            case AttemptingApsCreateTx e -> {
                int wallet = ref(e.wallet());
                writeUInt32(out, Wire.CS_WALLET, wallet);
            }
            case ApsCreateTxInternal e -> {
                int wallet = ref(e.wallet());
                writeUInt32(out, Wire.CS_WALLET, wallet);
                writeBool(out, Wire.APS_USE_APS, e.useAps());
                writeBool(out, Wire.APS_SUCCESS, e.success());
                writeInt64(out, Wire.APS_FEE, e.fee());
                writeSInt64(out, Wire.APS_CHANGE_POS, e.changePos());
            }
            case MempoolAdded e -> {
                writeHash(out, Wire.MP_TXID, e.txid());
                writeInt64(out, Wire.MP_ADDED_VSIZE, e.vsize());
                writeInt64(out, Wire.MP_ADDED_FEE, e.fee());
            }
            case MempoolRemoved e -> {
                int reason = ref(e.reason());
                writeHash(out, Wire.MP_TXID, e.txid());
                writeUInt32(out, Wire.MP_REASON, reason);
                writeInt64(out, Wire.MP_REMOVED_VSIZE, e.vsize());
                writeInt64(out, Wire.MP_REMOVED_FEE, e.fee());
                writeInt64(out, Wire.MP_REMOVED_ENTRY_TIME, e.entryTime());
            }
            case MempoolReplaced e -> {
                writeHash(out, Wire.RBF_REPLACED_TXID, e.replacedTxid());
                writeInt64(out, Wire.RBF_REPLACED_VSIZE, e.replacedVsize());
                writeInt64(out, Wire.RBF_REPLACED_FEE, e.replacedFee());
                writeInt64(out, Wire.RBF_REPLACED_ENTRY_TIME, e.replacedEntryTime());
                writeHash(out, Wire.RBF_REPLACEMENT_ID, e.replacementId());
                writeInt64(out, Wire.RBF_REPLACEMENT_VSIZE, e.replacementVsize());
                writeInt64(out, Wire.RBF_REPLACEMENT_FEE, e.replacementFee());
                if (e.replacementIsTx() != null) {
                    writeUInt32(out, Wire.RBF_REPLACEMENT_IS_TX, e.replacementIsTx() ? 2 : 1);
                }
            }
            case MempoolRejected e -> {
                int reason = ref(e.reason());
                writeHash(out, Wire.MP_TXID, e.txid());
                writeUInt32(out, Wire.MP_REASON, reason);
            }
            default -> {
                // events without hand-written code (nodescope's own, a newly declared
                // tracepoint): encoded from their declaration
                EventSpec spec = EventSchema.of(event);
                int[] refs = DeclaredCodec.refs(spec, event, this::ref);
                try {
                    CodedOutputStream declared = body.output(DeclaredCodec.extraBytes(spec, event));
                    DeclaredCodec.write(spec, event, refs, declared);
                    declared.flush();
                    body.commit(declared);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return event instanceof TracepointEvent tp ? Wire.TRACEPOINT_BASE + tp.tracepoint().id() : EventSchema.of(event).wire();
    }

    private static void connection(Buffer out, long peerId, int addr, int conn, int network, long countOrTime) {
        writeInt64(out, Wire.CONN_PEER_ID, peerId);
        writeUInt32(out, Wire.CONN_ADDR, addr);
        writeUInt32(out, Wire.CONN_TYPE, conn);
        writeInt64(out, Wire.CONN_NETWORK, network);
        writeInt64(out, Wire.CONN_COUNT_OR_TIME, countOrTime);
    }

    /**
     * Hashes (hex in the events) are stored as their 32 bytes, decoded straight into the block;
     * anything else as its UTF-8 text (Hashes.toBytes says the same for the declared path).
     */
    private static void writeHash(Buffer out, int field, String hash) {
        if (hash == null || hash.isEmpty()) {
            return;
        }
        int mark = out.size;
        if (hash.length() == 64) {
            out.tag(field, WIRE_LEN);
            out.varint32(32);
            out.ensure(32);
            if (Hex.decodeLowercase(hash, out.bytes, out.size)) {
                out.size += 32;
                return;
            }
            out.size = mark;
        }
        byte[] raw = Hashes.toBytes(hash);
        out.bytesField(field, raw, 0, raw.length);
    }

    // The hand-written records are written straight into the buffers, in protobuf's wire format
    // exactly as CodedOutputStream writes it (CodecDeclarationTest compares the bytes), without a
    // CodedOutputStream per record. Zero values are left out, as protobuf does: readers take a
    // missing field as 0.
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LEN = 2;

    private static void writeInt64(Buffer out, int field, long v) {
        if (v != 0) {
            out.tag(field, WIRE_VARINT);
            out.varint(v);
        }
    }

    private static void writeSInt64(Buffer out, int field, long v) {
        if (v != 0) {
            out.tag(field, WIRE_VARINT);
            out.varint((v << 1) ^ (v >> 63));
        }
    }

    private static void writeUInt32(Buffer out, int field, int v) {
        if (v != 0) {
            out.tag(field, WIRE_VARINT);
            out.varint32(v);
        }
    }

    private static void writeBool(Buffer out, int field, boolean v) {
        if (v) {
            out.tag(field, WIRE_VARINT);
            out.varint32(1);
        }
    }

    private static int zigZag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    public boolean isEmpty() {
        return events == 0;
    }

    public int events() {
        return events;
    }

    public int records() {
        return records;
    }

    public int rawSize() {
        return block.size;
    }

    public byte[] rawBytes() {
        return block.bytes;
    }

    public long firstEpochNanos() {
        return firstEpochNanos;
    }

    public long lastEpochNanos() {
        return lastEpochNanos;
    }

    /** Starts a new block. */
    public void reset() {
        strings.clear();
        block.size = 0;
        prevMono = 0;
        prevWallOffset = 0;
        prevSeq = -1;
        prevPid = 0;
        records = 0;
        events = 0;
        firstEpochNanos = 0;
        lastEpochNanos = 0;
    }

    /** A growable byte array that records are written into at its end. */
    static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        /**
         * A CodedOutputStream over the free space (for the declared path), with room for
         * {@code extra} bytes more than a record without payload (records fit in 64 KiB).
         */
        CodedOutputStream output(int extra) {
            ensure(65_536 + extra);
            return CodedOutputStream.newInstance(bytes, size, bytes.length - size);
        }

        /** Takes in what {@code out} (from {@link #output}) wrote. */
        void commit(CodedOutputStream out) {
            size = bytes.length - out.spaceLeft();
        }

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void append(byte[] src, int offset, int length) {
            ensure(length);
            System.arraycopy(src, offset, bytes, size, length);
            size += length;
        }

        /** A uint32 varint (an int taken as unsigned). */
        void varint32(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        /** A uint64 varint (negative numbers take 10 bytes, as protobuf's int64). */
        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void tag(int field, int wireType) {
            varint32(field << 3 | wireType);
        }

        void bytesField(int field, byte[] src, int offset, int length) {
            tag(field, WIRE_LEN);
            varint32(length);
            append(src, offset, length);
        }
    }
}
