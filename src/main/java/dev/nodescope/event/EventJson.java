package dev.nodescope.event;

import dev.nodescope.hex.Hex;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.event.schema.WireEncoding;
import dev.nodescope.p2p.P2pJson;
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

    private final JsonGenerator g;
    private final IsoTime time = new IsoTime();
    private final boolean payloadHex;
    private final boolean decode;

    /** @param payloadHex whether captured P2P payloads are written as {@code payload_hex} */
    public EventJson(OutputStream out, boolean payloadHex) {
        this(out, payloadHex, false);
    }

    /**
     * @param payloadHex whether captured P2P payloads are written as {@code payload_hex}
     * @param decode     whether P2P payloads are decoded into {@code decoded} (and {@code decode_error})
     */
    public EventJson(OutputStream out, boolean payloadHex, boolean decode) {
        try {
            this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // no separator between root values: each event ends with its own newline
            g.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.payloadHex = payloadHex;
        this.decode = decode;
    }

    /** Writes one event and a newline (buffered; see {@link #flush()}). */
    public void write(Event e) {
        try {
            envelope(e);
            fields(e);
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes one event as {@link #write} does, its fields all from the declaration (for the checks). */
    void writeFromDeclaration(Event e) {
        try {
            envelope(e);
            declaredFields(e);
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void envelope(Event e) throws IOException {
        g.writeStartObject();
        EventMeta m = e.meta();
        g.writeStringField("event", e.name());
        g.writeStringField("node", m.node());
        g.writeNumberField("pid", m.pid());
        g.writeStringField("thread", m.thread());
        g.writeStringField("time", time.format(m.epochNanos()));
        g.writeNumberField("mono_ns", m.monoNs());
        g.writeNumberField("seq", m.seq());
    }

    private void fields(Event event) throws IOException {
        switch (event) {
            case MessageEvent e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.writeStringField("msg_type", e.msgType());
                g.writeNumberField("size", e.size());
                g.writeNumberField("captured", e.captured());
                g.writeBooleanField("truncated", e.truncated());
                if (payloadHex && e.payload() != null) {
                    g.writeStringField("payload_hex", Hex.encode(e.payload()));
                }
                if (decode) {
                    P2pJson.writeFields(g, e.decode());
                }
            }
            case ConnectionOpened e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.writeStringField("network", e.network().jsonName());
                g.writeNumberField("existing_connections", e.existingConnections());
            }
            case ConnectionEnded e -> {
                peer(e.peerId(), e.addr(), e.connType());
                g.writeStringField("network", e.network().jsonName());
                g.writeNumberField("time_established", e.timeEstablished());
            }
            case MisbehavingConnection e -> {
                g.writeNumberField("peer_id", e.peerId());
                g.writeStringField("reason", e.reason());
            }
            case BlockConnected e -> {
                g.writeStringField("hash", e.hash());
                g.writeNumberField("height", e.height());
                g.writeNumberField("transactions", e.transactions());
                g.writeNumberField("inputs", e.inputs());
                g.writeNumberField("sigops", e.sigops());
                g.writeNumberField("duration_ns", e.durationNs());
            }
            case UtxoCacheFlush e -> {
                g.writeNumberField("duration_us", e.durationUs());
                g.writeStringField("mode", e.mode().name());
                g.writeNumberField("coins", e.coins());
                g.writeNumberField("memory_bytes", e.memoryBytes());
                g.writeBooleanField("for_prune", e.forPrune());
            }
            case UtxoEvent e -> {
                g.writeStringField("txid", e.txid());
                g.writeNumberField("vout", e.vout());
                g.writeNumberField("height", e.height());
                g.writeNumberField("value", e.value());
                g.writeBooleanField("coinbase", e.coinbase());
            }
            case SelectedCoins e -> {
                g.writeStringField("wallet", e.wallet());
                g.writeStringField("algorithm", e.algorithm());
                g.writeNumberField("target", e.target());
                g.writeNumberField("waste", e.waste());
                g.writeNumberField("selected_value", e.selectedValue());
            }
            case NormalCreateTxInternal e -> {
                g.writeStringField("wallet", e.wallet());
                g.writeBooleanField("success", e.success());
                g.writeNumberField("fee", e.fee());
                g.writeNumberField("change_pos", e.changePos());
            }
            case AttemptingApsCreateTx e -> g.writeStringField("wallet", e.wallet());
            case ApsCreateTxInternal e -> {
                g.writeStringField("wallet", e.wallet());
                g.writeBooleanField("use_aps", e.useAps());
                g.writeBooleanField("success", e.success());
                g.writeNumberField("fee", e.fee());
                g.writeNumberField("change_pos", e.changePos());
            }
            case MempoolAdded e -> {
                g.writeStringField("txid", e.txid());
                g.writeNumberField("vsize", e.vsize());
                g.writeNumberField("fee", e.fee());
            }
            case MempoolRemoved e -> {
                g.writeStringField("txid", e.txid());
                g.writeStringField("reason", e.reason());
                g.writeNumberField("vsize", e.vsize());
                g.writeNumberField("fee", e.fee());
                g.writeNumberField("entry_time", e.entryTime());
            }
            case MempoolReplaced e -> {
                g.writeStringField("replaced_txid", e.replacedTxid());
                g.writeNumberField("replaced_vsize", e.replacedVsize());
                g.writeNumberField("replaced_fee", e.replacedFee());
                g.writeNumberField("replaced_entry_time", e.replacedEntryTime());
                g.writeStringField("replacement_id", e.replacementId());
                g.writeNumberField("replacement_vsize", e.replacementVsize());
                g.writeNumberField("replacement_fee", e.replacementFee());
                g.writeFieldName("replacement_is_tx");
                if (e.replacementIsTx() == null) {
                    g.writeNull();
                } else {
                    g.writeBoolean(e.replacementIsTx());
                }
            }
            case MempoolRejected e -> {
                g.writeStringField("txid", e.txid());
                g.writeStringField("reason", e.reason());
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
                        g.writeStringField(f.jsonName(), Hex.encode(bytes));
                    }
                }
                case null -> {
                    if (f.encoding() != WireEncoding.BYTES) {
                        g.writeNullField(f.jsonName());
                    }
                }
                case Long n -> g.writeNumberField(f.jsonName(), n);
                case Integer n -> g.writeNumberField(f.jsonName(), n);
                case Boolean b -> g.writeBooleanField(f.jsonName(), b);
                case Evidence evidence -> {
                    g.writeObjectFieldStart(f.jsonName());
                    for (Evidence.Measure m : evidence.measures()) {
                        double x = m.value();
                        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                            g.writeNumberField(m.name(), (long) x);
                        } else {
                            g.writeNumberField(m.name(), x);
                        }
                    }
                    g.writeEndObject();
                }
                case List<?> list -> {
                    g.writeArrayFieldStart(f.jsonName());
                    for (Object item : list) {
                        g.writeString(String.valueOf(item));
                    }
                    g.writeEndArray();
                }
                default -> g.writeStringField(f.jsonName(), FieldSpec.text(v));
            }
        }
    }

    private void peer(long peerId, String addr, String connType) throws IOException {
        g.writeNumberField("peer_id", peerId);
        g.writeStringField("addr", addr);
        g.writeStringField("conn_type", connType);
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
