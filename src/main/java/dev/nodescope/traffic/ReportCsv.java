package dev.nodescope.traffic;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code traffic report --format csv}: one row per message type, direction and connection type
 * (totals are sums of rows; the window, peer-hours and accepted transactions repeat on each row
 * so a spreadsheet can divide by them).
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    public static void write(TrafficSummary s, PrintStream out) {
        out.println("msg_type,direction,conn_type,tx_relay,messages,payload_bytes,wire_v1_bytes,wire_v2_bytes,messages_per_s,"
                + "payload_bytes_per_s,payload_bytes_per_peer_hour,duration_s,conn_type_peer_hours,accepted_txs");
        for (TrafficSummary.Row r : s.sortedRows()) {
            Counts c = r.counts();
            out.println(String.join(",", csv(r.msgType()), r.direction().toString(), csv(r.connType()),
                    Boolean.toString(TxRelay.counts(r.msgType())), Long.toString(c.messages()), Long.toString(c.payloadBytes()),
                    Long.toString(c.wireBytes(Transport.V1)), Long.toString(c.wireBytes(Transport.V2)), num(s.perSecond(c.messages())),
                    num(s.perSecond(c.payloadBytes())), num(s.perPeerHour(c.payloadBytes(), r.connType())), num(s.seconds()),
                    num(s.peerHours(r.connType())), Long.toString(s.accepted())));
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** Quoted when it holds a comma or quote (a peer can name its message type freely). */
    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
