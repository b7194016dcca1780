package dev.nodescope.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.FlushMode;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoCacheSpent;
import dev.nodescope.event.UtxoCacheUncache;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.stream.EventSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw bytes of one block back into events (the inverse of {@link BlockEncoder}). Fields
 * it does not know are skipped, so archives written by a newer nodescope still read; records of
 * a kind it does not know are skipped and counted.
 */
public final class BlockDecoder {
    /** What one block held, by record kind (the body's field number). */
    public static final class Tally {
        private final long[] count = new long[Wire.LAST_BODY + 1];
        private final long[] rawBytes = new long[Wire.LAST_BODY + 1];
        private long unknownKinds;

        /** Records whose body is record field {@code wire} ({@link EventSpec#wire()}). */
        public long count(int wire) {
            return count[wire];
        }

        /** Their bytes, record framing included, before compression. */
        public long rawBytes(int wire) {
            return rawBytes[wire];
        }

        /** Records of a kind this version does not know (skipped). */
        public long unknownKinds() {
            return unknownKinds;
        }
    }

    private final List<String> strings = new ArrayList<>();

    /**
     * Decodes {@code raw[0, length)} and delivers the events the sink wants whose wall time lies in
     * {@code [fromNanos, toNanos]}. Returns the number of events in the block.
     *
     * @throws MalformedBlockException where the bytes do not follow the format (offset within the block)
     */
    public int decode(byte[] raw, int length, EventSink sink, long fromNanos, long toNanos, Tally tally) throws MalformedBlockException {
        strings.clear();
        strings.add("");
        CodedInputStream in = CodedInputStream.newInstance(raw, 0, length);
        in.setSizeLimit(Integer.MAX_VALUE);
        long mono = 0;
        long wallOffset = 0;
        long seq = -1;
        int pid = 0;
        int events = 0;
        int recordStart = 0;
        try {
            while (!in.isAtEnd()) {
                recordStart = in.getTotalBytesRead();
                int recordLength = in.readRawVarint32();
                int outer = in.pushLimit(recordLength);
                long monoDelta = 0, wallDelta = 0, seqDelta = 0;
                int pidDelta = 0, tidMinusPid = 0, thread = 0, node = 0;
                while (!in.isAtEnd()) {
                    int tag = in.readTag();
                    int field = WireFormat.getTagFieldNumber(tag);
                    switch (field) {
                        case Wire.MONO_DELTA -> monoDelta = in.readSInt64();
                        case Wire.WALL_DELTA -> wallDelta = in.readSInt64();
                        case Wire.SEQ_DELTA -> seqDelta = in.readSInt64();
                        case Wire.PID_DELTA -> pidDelta = in.readSInt32();
                        case Wire.TID_MINUS_PID -> tidMinusPid = in.readSInt32();
                        case Wire.THREAD -> thread = in.readUInt32();
                        case Wire.NODE -> node = in.readUInt32();
                        case Wire.STRING_DEF -> strings.add(in.readStringRequireUtf8());
                        default -> {
                            if (field < Wire.TRACEPOINT_BASE || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                                in.skipField(tag);
                                continue;
                            }
                            // the body comes last in every record: the envelope is complete here
                            mono += monoDelta;
                            wallOffset += wallDelta;
                            seq += seqDelta + 1;
                            pid += pidDelta;
                            events++;
                            int bodyLength = in.readRawVarint32();
                            if (tally != null && field < tally.count.length) {
                                tally.count[field]++;
                                tally.rawBytes[field] += recordLength;
                            }
                            long epochNanos = mono + wallOffset;
                            Tracepoint tp = field <= Wire.TRACEPOINT_LAST && field - Wire.TRACEPOINT_BASE < Tracepoint.count()
                                    ? Tracepoint.byId(field - Wire.TRACEPOINT_BASE) : null;
                            boolean known = tp != null || (field > Wire.TRACEPOINT_LAST && EventSchema.byWire(field) != null);
                            if (!known && tally != null) {
                                tally.unknownKinds++;
                            }
                            if (!known || (tp != null && !sink.wants(tp)) || epochNanos < fromNanos || epochNanos > toNanos) {
                                in.skipRawBytes(bodyLength);
                                continue;
                            }
                            EventMeta meta = new EventMeta(string(node), pid, pid + tidMinusPid, string(thread), mono, epochNanos, seq);
                            int inner = in.pushLimit(bodyLength);
                            Event e = tp != null ? tracepointEvent(tp, meta, in) : toolEvent(field, meta, in);
                            in.popLimit(inner);
                            sink.accept(e);
                        }
                    }
                }
                in.popLimit(outer);
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedBlockException(recordStart, "a well-formed record (" + message(e) + ")");
        }
        return events;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 120 ? m.substring(0, 120) : m;
    }

    private String string(int ref) {
        if (ref < 0 || ref >= strings.size()) {
            throw new IllegalStateException("string reference " + ref + " beyond the block's table of " + strings.size());
        }
        return strings.get(ref);
    }

    private Event tracepointEvent(Tracepoint tp, EventMeta m, CodedInputStream in) throws IOException {
        long[] n = new long[Wire.LAST_FIELD + 1];
        byte[][] bytes = new byte[Wire.LAST_FIELD + 1][];
        readFields(in, n, bytes);
        return switch (tp) {
            case NET_INBOUND_MESSAGE -> new InboundMessage(m, n[Wire.MSG_PEER_ID], string((int) n[Wire.MSG_ADDR]),
                    string((int) n[Wire.MSG_CONN_TYPE]), string((int) n[Wire.MSG_TYPE]), n[Wire.MSG_SIZE],
                    (int) n[Wire.MSG_CAPTURED], n[Wire.MSG_TRUNCATED] != 0, bytes[Wire.MSG_PAYLOAD]);
            case NET_OUTBOUND_MESSAGE -> new OutboundMessage(m, n[Wire.MSG_PEER_ID], string((int) n[Wire.MSG_ADDR]),
                    string((int) n[Wire.MSG_CONN_TYPE]), string((int) n[Wire.MSG_TYPE]), n[Wire.MSG_SIZE],
                    (int) n[Wire.MSG_CAPTURED], n[Wire.MSG_TRUNCATED] != 0, bytes[Wire.MSG_PAYLOAD]);
            case NET_INBOUND_CONNECTION -> new InboundConnection(m, n[Wire.CONN_PEER_ID], string((int) n[Wire.CONN_ADDR]),
                    string((int) n[Wire.CONN_TYPE]), Network.fromCode(n[Wire.CONN_NETWORK]), n[Wire.CONN_COUNT_OR_TIME]);
            case NET_OUTBOUND_CONNECTION -> new OutboundConnection(m, n[Wire.CONN_PEER_ID], string((int) n[Wire.CONN_ADDR]),
                    string((int) n[Wire.CONN_TYPE]), Network.fromCode(n[Wire.CONN_NETWORK]), n[Wire.CONN_COUNT_OR_TIME]);
            case NET_EVICTED_INBOUND_CONNECTION -> new EvictedInboundConnection(m, n[Wire.CONN_PEER_ID],
                    string((int) n[Wire.CONN_ADDR]), string((int) n[Wire.CONN_TYPE]), Network.fromCode(n[Wire.CONN_NETWORK]),
                    n[Wire.CONN_COUNT_OR_TIME]);
            case NET_CLOSED_CONNECTION -> new ClosedConnection(m, n[Wire.CONN_PEER_ID], string((int) n[Wire.CONN_ADDR]),
                    string((int) n[Wire.CONN_TYPE]), Network.fromCode(n[Wire.CONN_NETWORK]), n[Wire.CONN_COUNT_OR_TIME]);
            case NET_MISBEHAVING_CONNECTION -> new MisbehavingConnection(m, n[Wire.MISB_PEER_ID], string((int) n[Wire.MISB_REASON]));
            case VALIDATION_BLOCK_CONNECTED -> new BlockConnected(m, hash(bytes[Wire.BLOCK_HASH]), (int) n[Wire.BLOCK_HEIGHT],
                    n[Wire.BLOCK_TRANSACTIONS], (int) n[Wire.BLOCK_INPUTS], n[Wire.BLOCK_SIGOPS], n[Wire.BLOCK_DURATION_NS]);
            case UTXOCACHE_FLUSH -> new UtxoCacheFlush(m, n[Wire.FLUSH_DURATION_US], FlushMode.fromCode(n[Wire.FLUSH_MODE]),
                    n[Wire.FLUSH_COINS], n[Wire.FLUSH_MEMORY], n[Wire.FLUSH_FOR_PRUNE] != 0);
            case UTXOCACHE_ADD -> new UtxoCacheAdd(m, hash(bytes[Wire.UTXO_TXID]), n[Wire.UTXO_VOUT], n[Wire.UTXO_HEIGHT],
                    n[Wire.UTXO_VALUE], n[Wire.UTXO_COINBASE] != 0);
            case UTXOCACHE_SPENT -> new UtxoCacheSpent(m, hash(bytes[Wire.UTXO_TXID]), n[Wire.UTXO_VOUT], n[Wire.UTXO_HEIGHT],
                    n[Wire.UTXO_VALUE], n[Wire.UTXO_COINBASE] != 0);
            case UTXOCACHE_UNCACHE -> new UtxoCacheUncache(m, hash(bytes[Wire.UTXO_TXID]), n[Wire.UTXO_VOUT], n[Wire.UTXO_HEIGHT],
                    n[Wire.UTXO_VALUE], n[Wire.UTXO_COINBASE] != 0);
            case COIN_SELECTION_SELECTED_COINS -> new SelectedCoins(m, string((int) n[Wire.CS_WALLET]),
                    string((int) n[Wire.CS_ALGORITHM]), n[Wire.CS_TARGET], n[Wire.CS_WASTE], n[Wire.CS_SELECTED_VALUE]);
            case COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL -> new NormalCreateTxInternal(m, string((int) n[Wire.CS_WALLET]),
                    n[Wire.CS_SUCCESS] != 0, n[Wire.CS_FEE], (int) CodedInputStream.decodeZigZag64(n[Wire.CS_CHANGE_POS]));
            case COIN_SELECTION_ATTEMPTING_APS_CREATE_TX -> new AttemptingApsCreateTx(m, string((int) n[Wire.CS_WALLET]));
            case COIN_SELECTION_APS_CREATE_TX_INTERNAL -> new ApsCreateTxInternal(m, string((int) n[Wire.CS_WALLET]),
                    n[Wire.APS_USE_APS] != 0, n[Wire.APS_SUCCESS] != 0, n[Wire.APS_FEE],
                    (int) CodedInputStream.decodeZigZag64(n[Wire.APS_CHANGE_POS]));
            case MEMPOOL_ADDED -> new MempoolAdded(m, hash(bytes[Wire.MP_TXID]), (int) n[Wire.MP_ADDED_VSIZE], n[Wire.MP_ADDED_FEE]);
            case MEMPOOL_REMOVED -> new MempoolRemoved(m, hash(bytes[Wire.MP_TXID]), string((int) n[Wire.MP_REASON]),
                    (int) n[Wire.MP_REMOVED_VSIZE], n[Wire.MP_REMOVED_FEE], n[Wire.MP_REMOVED_ENTRY_TIME]);
            case MEMPOOL_REPLACED -> new MempoolReplaced(m, hash(bytes[Wire.RBF_REPLACED_TXID]), (int) n[Wire.RBF_REPLACED_VSIZE],
                    n[Wire.RBF_REPLACED_FEE], n[Wire.RBF_REPLACED_ENTRY_TIME], hash(bytes[Wire.RBF_REPLACEMENT_ID]),
                    (int) n[Wire.RBF_REPLACEMENT_VSIZE], n[Wire.RBF_REPLACEMENT_FEE],
                    n[Wire.RBF_REPLACEMENT_IS_TX] == 0 ? null : n[Wire.RBF_REPLACEMENT_IS_TX] == 2);
            case MEMPOOL_REJECTED -> new MempoolRejected(m, hash(bytes[Wire.MP_TXID]), string((int) n[Wire.MP_REASON]));
            // a tracepoint declared since this code was written: read by its declaration
            default -> DeclaredCodec.fromFields(EventSchema.of(tp), m, n, bytes, null, this::string);
        };
    }

    /**
     * Reads a tracepoint body: every field of these messages is a varint or bytes. Varints land in
     * {@code n} as read (sint fields are zig-zag decoded by the caller), bytes in {@code bytes};
     * numbers beyond the arrays (added by a newer writer) are skipped.
     */
    private static void readFields(CodedInputStream in, long[] n, byte[][] bytes) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int type = WireFormat.getTagWireType(tag);
            if (field < n.length && type == WireFormat.WIRETYPE_VARINT) {
                n[field] = in.readRawVarint64();
            } else if (field < n.length && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                bytes[field] = in.readByteArray();
            } else {
                in.skipField(tag);
            }
        }
    }

    private static String hash(byte[] stored) {
        return stored == null ? "" : Hashes.toText(stored);
    }

    private Event toolEvent(int field, EventMeta m, CodedInputStream in) throws IOException {
        return DeclaredCodec.read(EventSchema.byWire(field), m, in, this::string);
    }
}
