package dev.nodescope.event;

import dev.nodescope.hex.Hex;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.event.schema.WireEncoding;
import dev.nodescope.p2p.P2pJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes events as JSON lines in the public schema (docs/event-schema.md): the envelope
 * ({@code event, node, pid, thread, time, mono_ns, seq}) then the event's fields, snake_case,
 * hashes in RPC byte order. One writer per output stream; not thread-safe.
 */
public final class EventJson implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonWriter g;
    private final IsoTime time = new IsoTime();
    private final boolean payloadHex;
    private final boolean decode;
    /** With {@code decode}: P2pJson's Jackson writer of decoded payloads, into {@link #decoded}. */
    private final JsonGenerator decodedJson;
    private final ByteArrayOutputStream decoded;

    /** @param payloadHex whether captured P2P payloads are written as {@code payload_hex} */
    public EventJson(OutputStream out, boolean payloadHex) {
        this(out, payloadHex, false);
    }

    /**
     * @param payloadHex whether captured P2P payloads are written as {@code payload_hex}
     * @param decode     whether P2P payloads are decoded into {@code decoded} (and {@code decode_error})
     */
    public EventJson(OutputStream out, boolean payloadHex, boolean decode) {
        this.g = new JsonWriter(out);
        this.payloadHex = payloadHex;
        this.decode = decode;
        if (decode) {
            decoded = new ByteArrayOutputStream();
            try {
                decodedJson = FACTORY.createGenerator(decoded, JsonEncoding.UTF8);
                // no separator between root values: one object per decoded payload
                decodedJson.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            decoded = null;
            decodedJson = null;
        }
    }

    /** Writes one event and a newline (buffered; see {@link #flush()}). */
    public void write(Event e) {
        try {
            envelope(e);
            fields(e);
            g.endObject();
            g.newline();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes one event as {@link #write} does, its fields all from the declaration (for the checks). */
    void writeFromDeclaration(Event e) {
        try {
            envelope(e);
            declaredFields(e);
            g.endObject();
            g.newline();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void envelope(Event e) throws IOException {
        g.startObject();
        EventMeta m = e.meta();
        g.field("event", e.name());
        g.field("node", m.node());
        g.field("pid", m.pid());
        g.field("thread", m.thread());
        g.field("time", time, m.epochNanos());
        g.field("mono_ns", m.monoNs());
        g.field("seq", m.seq());
    }

    private void fields(Event event) throws IOException {
        switch (event) {
            case MessageEvent e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.field("msg_type", e.msgType());
                g.field("size", e.size());
                g.field("captured", e.captured());
                g.field("truncated", e.truncated());
                if (payloadHex && e.payload() != null) {
                    g.field("payload_hex", Hex.encode(e.payload()));
                }
                if (decode) {
                    decodedFields(e);
                }
            }
            case ConnectionOpened e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.field("network", e.network().jsonName());
                g.field("existing_connections", e.existingConnections());
            }
            case ConnectionEnded e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.field("network", e.network().jsonName());
                g.field("time_established", e.timeEstablished());
            }
            case MisbehavingConnection e -> {
                g.field("peer_id", e.peerId());
                g.field("reason", e.reason());
            }
            case BlockConnected e -> {
                g.field("hash", e.hash());
                g.field("height", e.height());
                g.field("transactions", e.transactions());
                g.field("inputs", e.inputs());
                g.field("sigops", e.sigops());
                g.field("duration_ns", e.durationNs());
            }
            case UtxoCacheFlush e -> {
                g.field("duration_us", e.durationUs());
                g.field("mode", e.mode().name());
                g.field("coins", e.coins());
                g.field("memory_bytes", e.memoryBytes());
                g.field("for_prune", e.forPrune());
            }
            case UtxoEvent e -> {
                g.field("txid", e.txid());
                g.field("vout", e.vout());
                g.field("height", e.height());
                g.field("value", e.value());
                g.field("coinbase", e.coinbase());
            }
            case SelectedCoins e -> {
                g.field("wallet", e.wallet());
                g.field("algorithm", e.algorithm());
                g.field("target", e.target());
                g.field("waste", e.waste());
                g.field("selected_value", e.selectedValue());
            }
            case NormalCreateTxInternal e -> {
                g.field("wallet", e.wallet());
                g.field("success", e.success());
                g.field("fee", e.fee());
                g.field("change_pos", e.changePos());
            }
            case AttemptingApsCreateTx e -> g.field("wallet", e.wallet());
            case ApsCreateTxInternal e -> {
                g.field("wallet", e.wallet());
                g.field("use_aps", e.useAps());
                g.field("success", e.success());
                g.field("fee", e.fee());
                g.field("change_pos", e.changePos());
            }
            case MempoolAdded e -> {
                g.field("txid", e.txid());
                g.field("vsize", e.vsize());
                g.field("fee", e.fee());
            }
            case MempoolRemoved e -> {
                g.field("txid", e.txid());
                g.field("reason", e.reason());
                g.field("vsize", e.vsize());
                g.field("fee", e.fee());
                g.field("entry_time", e.entryTime());
            }
            case MempoolReplaced e -> {
                g.field("replaced_txid", e.replacedTxid());
                g.field("replaced_vsize", e.replacedVsize());
                g.field("replaced_fee", e.replacedFee());
                g.field("replaced_entry_time", e.replacedEntryTime());
                g.field("replacement_id", e.replacementId());
                g.field("replacement_vsize", e.replacementVsize());
                g.field("replacement_fee", e.replacementFee());
                if (e.replacementIsTx() == null) {
                    g.nullField("replacement_is_tx");
                } else {
                    g.field("replacement_is_tx", e.replacementIsTx().booleanValue());
                }
            }
            case MempoolRejected e -> {
                g.field("txid", e.txid());
                g.field("reason", e.reason());
            }
            // nodescope's own events, and any type without a case here: from the declaration
            default -> declaredFields(event);
        }
    }

    /**
     * The event's fields as its declaration says ({@code @EventField}): names, order and values.
     * The hand-written cases above are the fast way for tracepoint events; EventJsonTest checks
     * they write exactly this.
     */
    void declaredFields(Event event) throws IOException {
        for (FieldSpec f : EventSchema.of(event).jsonFields()) {
            Object v = f.get(event);
            switch (v) {
                case byte[] bytes -> {
                    // bytes (the payload) only when asked for
                    if (payloadHex) {
                        g.field(f.jsonName(), Hex.encode(bytes));
                    }
                }
                case null -> {
                    if (f.encoding() != WireEncoding.BYTES) {
                        g.nullField(f.jsonName());
                    }
                }
                case Long n -> g.field(f.jsonName(), n.longValue());
                case Integer n -> g.field(f.jsonName(), n.longValue());
                case Boolean b -> g.field(f.jsonName(), b.booleanValue());
                case Evidence evidence -> {
                    g.objectField(f.jsonName());
                    for (Evidence.Measure m : evidence.measures()) {
                        double x = m.value();
                        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                            g.field(m.name(), (long) x);
                        } else {
                            g.field(m.name(), x);
                        }
                    }
                    g.endObject();
                }
                case List<?> list -> {
                    g.arrayField(f.jsonName());
                    for (Object item : list) {
                        g.arrayString(String.valueOf(item));
                    }
                    g.endArray();
                }
                default -> g.field(f.jsonName(), FieldSpec.text(v));
            }
        }
    }

    /** The decoded payload's fields, as P2pJson writes them (with Jackson, into a buffer, spliced in). */
    private void decodedFields(MessageEvent e) throws IOException {
        decoded.reset();
        decodedJson.writeStartObject();
        P2pJson.writeFields(decodedJson, e.decode());
        decodedJson.writeEndObject();
        decodedJson.flush();
        g.fieldsOf(decoded.toByteArray(), decoded.size());
    }

    private void peer(long peerId, String addr, String connType) throws IOException {
        g.field("peer_id", peerId);
        g.field("addr", addr);
        g.field("conn_type", connType);
    }

    public void flush() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
