package dev.nodescope.traffic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.IsoTime;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code traffic report --format json}: the same as one JSON object (rates null where there is nothing to divide by). */
public final class ReportJson {
    private ReportJson() {
    }

    public static void write(TrafficSummary s, PrintStream out, UnaryOperator<String> addr) throws IOException {
        IsoTime time = new IsoTime();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("source", s.source());
            g.writeStringField("node", s.node());
            g.writeArrayFieldStart("nodes");
            for (String n : s.nodes()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeStringField("start", time.format(s.startNanos()));
            g.writeStringField("end", time.format(s.endNanos()));
            g.writeNumberField("duration_ns", s.durationNanos());
            g.writeNumberField("connections", s.connections());
            g.writeNumberField("peer_hours", s.peerHours());
            g.writeNumberField("accepted_txs", s.accepted());
            g.writeStringField("transport", Transport.assumption());
            g.writeFieldName("total");
            counts(g, s.total(), s, null);
            g.writeObjectFieldStart("by_direction");
            for (Map.Entry<String, Counts> e : s.by(r -> r.direction().toString()).entrySet()) {
                g.writeFieldName(e.getKey());
                counts(g, e.getValue(), s, null);
            }
            g.writeEndObject();
            g.writeObjectFieldStart("by_conn_type");
            for (Map.Entry<String, Counts> e : s.by(TrafficSummary.Row::connType).entrySet()) {
                g.writeFieldName(e.getKey());
                counts(g, e.getValue(), s, e.getKey());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("by_msg_type");
            for (Map.Entry<String, Counts> e : s.by(TrafficSummary.Row::msgType).entrySet()) {
                g.writeFieldName(e.getKey());
                counts(g, e.getValue(), s, null);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("rows");
            for (TrafficSummary.Row r : s.sortedRows()) {
                g.writeStartObject();
                g.writeStringField("msg_type", r.msgType());
                g.writeStringField("direction", r.direction().toString());
                g.writeStringField("conn_type", r.connType());
                fields(g, r.counts(), s, r.connType());
                g.writeEndObject();
            }
            g.writeEndArray();
            Counts relay = s.txRelay();
            g.writeObjectFieldStart("tx_relay");
            g.writeArrayFieldStart("msg_types");
            for (String t : TxRelay.TYPES) {
                g.writeString(t);
            }
            g.writeEndArray();
            fields(g, relay, s, null);
            g.writeObjectFieldStart("per_accepted_tx");
            number(g, "messages", s.perAcceptedTx(relay.messages()));
            number(g, "payload_bytes", s.perAcceptedTx(relay.payloadBytes()));
            number(g, "wire_v1_bytes", s.perAcceptedTx(relay.wireBytes(Transport.V1)));
            number(g, "wire_v2_bytes", s.perAcceptedTx(relay.wireBytes(Transport.V2)));
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("top_talkers");
            g.writeNumberField("peers", s.peers());
            g.writeBooleanField("exact", s.talkersExact());
            g.writeArrayFieldStart("peers_by_bytes");
            for (Talker t : s.talkers()) {
                g.writeStartObject();
                g.writeStringField("node", t.node());
                g.writeNumberField("peer_id", t.peerId());
                g.writeStringField("addr", addr.apply(t.addr()));
                g.writeStringField("conn_type", t.connType());
                g.writeNumberField("received_bytes", t.received());
                g.writeNumberField("sent_bytes", t.sent());
                g.writeNumberField("messages", t.messages());
                g.writeNumberField("error_bytes", t.error());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        out.println();
    }

    private static void counts(JsonGenerator g, Counts c, TrafficSummary s, String connType) throws IOException {
        g.writeStartObject();
        fields(g, c, s, connType);
        g.writeEndObject();
    }

    private static void fields(JsonGenerator g, Counts c, TrafficSummary s, String connType) throws IOException {
        g.writeNumberField("messages", c.messages());
        g.writeNumberField("payload_bytes", c.payloadBytes());
        g.writeNumberField("wire_v1_bytes", c.wireBytes(Transport.V1));
        g.writeNumberField("wire_v2_bytes", c.wireBytes(Transport.V2));
        number(g, "messages_per_s", s.perSecond(c.messages()));
        number(g, "payload_bytes_per_s", s.perSecond(c.payloadBytes()));
        number(g, "payload_bytes_per_peer_hour", s.perPeerHour(c.payloadBytes(), connType));
    }

    static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
