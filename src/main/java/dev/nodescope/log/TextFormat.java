package dev.nodescope.log;

import dev.nodescope.event.*;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pJson;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One readable line per event, for people watching a terminal: local time, thread, event name,
 * then the fields that matter for that event, laid out by hand for reading. Which fields are
 * shown is declared ({@code @EventField(text = ...)}) and checked (TextFormatTest); a type with
 * no case here shows its declared text fields as {@code name=value}. JSON lines
 * ({@link EventJson}) are for machines.
 */
public final class TextFormat {
    private final ZoneId zone;
    private final boolean decode;
    private final StringBuilder sb = new StringBuilder(256);

    /** @param decode whether P2P messages are followed by their decoded payload (compact JSON) */
    public TextFormat(ZoneId zone, boolean decode) {
        this.zone = zone;
        this.decode = decode;
    }

    public String format(Event event) {
        sb.setLength(0);
        EventMeta m = event.meta();
        LocalTime t = m.time().atZone(zone).toLocalTime();
        pad2(t.getHour()).append(':');
        pad2(t.getMinute()).append(':');
        pad2(t.getSecond()).append('.');
        String micros = Integer.toString(t.getNano() / 1000 + 1_000_000);
        sb.append(micros, 1, 7).append(' ');
        sb.append(String.format("%-10s %-40s ", m.thread(), event.name()));
        switch (event) {
            case MessageEvent e -> {
                sb.append(e.inbound() ? "<- " : "-> ").append(e.msgType()).append(' ').append(e.size()).append(" B ");
                sb.append(e.inbound() ? "from" : "to").append(" peer ").append(e.peerId()).append(" (").append(e.connType())
                        .append(", ").append(e.addr()).append(')');
                if (e.captured() > 0 && e.truncated()) {
                    sb.append(" [captured ").append(e.captured()).append(" B]");
                }
                if (decode) {
                    DecodeResult d = e.decode();
                    if (d.message() != null) {
                        sb.append(' ').append(P2pJson.toJson(d.message()));
                    }
                    if (d.error() != null) {
                        sb.append(" [decode error at byte ").append(d.error().offset()).append(": ").append(d.error().reason())
                                .append(']');
                    }
                }
            }
            case ConnectionOpened e -> sb.append("peer ").append(e.peerId()).append(' ').append(e.addr()).append(" (")
                    .append(e.connType()).append(", ").append(e.network().jsonName()).append("), now ")
                    .append(e.existingConnections()).append(e instanceof InboundConnection ? " inbound" : " outbound");
            case ConnectionEnded e -> sb.append("peer ").append(e.peerId()).append(' ').append(e.addr()).append(" (")
                    .append(e.connType()).append(", ").append(e.network().jsonName()).append("), connected since ")
                    .append(java.time.Instant.ofEpochSecond(e.timeEstablished()));
            case MisbehavingConnection e -> sb.append("peer ").append(e.peerId()).append(": ").append(e.reason());
            case BlockConnected e -> sb.append("height ").append(e.height()).append(' ').append(e.hash()).append(", ")
                    .append(e.transactions()).append(" tx, ").append(e.inputs()).append(" inputs, ").append(e.sigops())
                    .append(" sigops, ").append(String.format("%.3f ms", e.durationNs() / 1e6));
            case UtxoCacheFlush e -> sb.append(e.mode()).append(e.forPrune() ? " (prune)" : "").append(", ").append(e.coins())
                    .append(" coins, ").append(e.memoryBytes()).append(" B, ").append(e.durationUs()).append(" µs");
            case UtxoEvent e -> sb.append(e.txid()).append(':').append(e.vout()).append(' ').append(e.value())
                    .append(" sat, height ").append(e.height()).append(e.coinbase() ? ", coinbase" : "");
            case SelectedCoins e -> sb.append("wallet '").append(e.wallet()).append("' ").append(e.algorithm())
                    .append(", target ").append(e.target()).append(", waste ").append(e.waste()).append(", selected ")
                    .append(e.selectedValue());
            case NormalCreateTxInternal e -> sb.append("wallet '").append(e.wallet()).append("' ")
                    .append(e.success() ? "ok" : "failed").append(", fee ").append(e.fee()).append(", change at ")
                    .append(e.changePos());
            case AttemptingApsCreateTx e -> sb.append("wallet '").append(e.wallet()).append('\'');
            case ApsCreateTxInternal e -> sb.append("wallet '").append(e.wallet()).append("' ")
                    .append(e.success() ? "ok" : "failed").append(e.useAps() ? ", use APS" : ", keep normal").append(", fee ")
                    .append(e.fee()).append(", change at ").append(e.changePos());
            case MempoolAdded e -> sb.append(e.txid()).append(' ').append(e.vsize()).append(" vB, fee ").append(e.fee())
                    .append(" sat");
            case MempoolRemoved e -> sb.append(e.txid()).append(' ').append(e.reason()).append(", ").append(e.vsize())
                    .append(" vB, fee ").append(e.fee()).append(" sat");
            case MempoolReplaced e -> sb.append(e.replacedTxid()).append(" (").append(e.replacedFee()).append(" sat, ")
                    .append(e.replacedVsize()).append(" vB) by ")
                    .append(Boolean.FALSE.equals(e.replacementIsTx()) ? "package " : "").append(e.replacementId())
                    .append(" (").append(e.replacementFee()).append(" sat, ").append(e.replacementVsize()).append(" vB)");
            case MempoolRejected e -> sb.append(e.txid()).append(": ").append(e.reason());
            case Attached e -> sb.append(e.binary()).append(e.pid() > 0 ? " pid " + e.pid() : " (every process)")
                    .append(": ").append(e.tracepoints().size()).append(" tracepoints")
                    .append(e.bitcoindVersion().isEmpty() ? "" : ", Bitcoin Core " + e.bitcoindVersion())
                    .append(e.missing().isEmpty() ? "" : ", missing " + String.join(" ", e.missing()));
            case Detached e -> sb.append(e.reason());
            case Loss e -> sb.append(e.count()).append(" lost at ").append(e.stage()).append(" (").append(e.tracepoint())
                    .append(')');
            case Alert e -> sb.append(e.alert()).append(' ').append(e.state().jsonName()).append(' ')
                    .append(e.severity().jsonName()).append(' ').append(e.subject())
                    .append(e.aboutPeer() ? " " + e.addr() : "").append(": ").append(e.summary());
            // a type declared since this was written: its text fields as name=value
            default -> declared(event);
        }
        return sb.toString();
    }

    private void declared(Event event) {
        String sep = "";
        for (FieldSpec f : EventSchema.of(event).fields()) {
            if (f.inText()) {
                sb.append(sep).append(f.name()).append('=').append(FieldSpec.text(f.get(event)));
                sep = " ";
            }
        }
    }

    private StringBuilder pad2(int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
