package dev.nodescope.traffic;

import dev.nodescope.event.IsoTime;
import dev.nodescope.tool.Bytes;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code traffic report} for people: the window and what rates are measured against, totals, the full table, tx relay, top talkers. */
public final class ReportText {
    private ReportText() {
    }

    /** {@code addr}: how peer addresses are shown (as recorded, or pseudonyms under --redact-ips). */
    public static void write(TrafficSummary s, PrintStream out, UnaryOperator<String> addr) {
        IsoTime time = new IsoTime();
        out.println("Source:       " + s.label() + (s.nodes().isEmpty() ? "" : " (node" + (s.nodes().size() == 1 ? " " : "s ")
                + String.join(", ", s.nodes()) + ")"));
        out.println("Window:       " + time.format(s.startNanos()) + " to " + time.format(s.endNanos()) + " ("
                + String.format(Locale.ROOT, "%.3f s", s.seconds()) + ")");
        out.println(String.format(Locale.ROOT, "Connections:  %d, %.3f peer-hours", s.connections(), s.peerHours()));
        out.println("Accepted:     " + s.accepted() + " transactions into the mempool (mempool:added)");
        out.println("Transport:    not recorded: wire bytes are estimates (v1: 24-byte header; v2, BIP324: 20 bytes + 1-byte short id,");
        out.println("              or 13 bytes for types without one; v2 handshakes not counted)");
        Counts total = s.total();
        out.println();
        out.println(String.format(Locale.ROOT, " %-44s %10s %14s %14s %14s %10s %12s %16s", "", "messages", "payload B", "wire v1 B",
                "wire v2 B", "msg/s", "payload B/s", "payload B/peer-h"));
        out.println(" " + "-".repeat(145));
        out.println(line("all", total, s, null));
        for (Map.Entry<String, Counts> e : s.by(r -> r.direction().toString()).entrySet()) {
            out.println(line(e.getKey(), e.getValue(), s, null));
        }
        out.println();
        out.println(" By connection type");
        for (Map.Entry<String, Counts> e : s.by(TrafficSummary.Row::connType).entrySet()) {
            out.println(line(e.getKey(), e.getValue(), s, e.getKey()));
        }
        out.println();
        out.println(" By message type");
        for (Map.Entry<String, Counts> e : s.by(TrafficSummary.Row::msgType).entrySet()) {
            out.println(line(e.getKey(), e.getValue(), s, null));
        }
        out.println();
        out.println(" By message type, direction and connection type (B/peer-h: per peer-hour of that connection type)");
        for (TrafficSummary.Row r : s.sortedRows()) {
            out.println(line(r.msgType() + " " + r.direction() + " " + r.connType(), r.counts(), s, r.connType()));
        }
        Counts relay = s.txRelay();
        out.println();
        out.println("Transaction relay (" + String.join(" ", TxRelay.TYPES) + "):");
        out.println(String.format(Locale.ROOT, "  %d messages, %s payload (%s wire v1, %s wire v2)", relay.messages(),
                Bytes.human(relay.payloadBytes()), Bytes.human(relay.wireBytes(Transport.V1)), Bytes.human(relay.wireBytes(Transport.V2))));
        out.println(String.format(Locale.ROOT, "  per accepted transaction: %s B payload, %s B wire v1, %s B wire v2, %s messages",
                num(s.perAcceptedTx(relay.payloadBytes())), num(s.perAcceptedTx(relay.wireBytes(Transport.V1))),
                num(s.perAcceptedTx(relay.wireBytes(Transport.V2))), num(s.perAcceptedTx(relay.messages()))));
        out.println();
        out.println("Top talkers (" + s.talkers().size() + " of " + s.peers() + " peers, by payload bytes; "
                + (s.talkersExact() ? "exact" : "counts may include up to the shown error: more than " + s.talkerCapacity()
                        + " peers were tracked in bounded memory") + ")");
        out.println(String.format(Locale.ROOT, " %-12s %8s %-46s %-20s %14s %14s %10s%s", "node", "peer", "addr", "conn_type",
                "received B", "sent B", "messages", s.talkersExact() ? "" : "      error B"));
        for (Talker t : s.talkers()) {
            out.println(String.format(Locale.ROOT, " %-12s %8d %-46s %-20s %14d %14d %10d%s", t.node(), t.peerId(), addr.apply(t.addr()),
                    t.connType(), t.received(), t.sent(), t.messages(), s.talkersExact() ? "" : String.format(Locale.ROOT, " %12d", t.error())));
        }
    }

    private static String line(String label, Counts c, TrafficSummary s, String connType) {
        return String.format(Locale.ROOT, " %-44s %10d %14d %14d %14d %10s %12s %16s", label, c.messages(), c.payloadBytes(),
                c.wireBytes(Transport.V1), c.wireBytes(Transport.V2), num2(s.perSecond(c.messages())), num(s.perSecond(c.payloadBytes())),
                num(s.perPeerHour(c.payloadBytes(), connType)));
    }

    private static String num2(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : num(v);
    }

    /** One decimal; {@code -} where there is nothing to divide by. */
    static String num(double v) {
        return Double.isNaN(v) ? "-" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.1f", v);
    }
}
