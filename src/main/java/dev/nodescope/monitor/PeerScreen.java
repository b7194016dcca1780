package dev.nodescope.monitor;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.nodescope.node.KeptMessage;
import dev.nodescope.p2p.MessageSummary;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The peer view: one peer's counts per message type (both directions), then its last messages,
 * newest first, with what each carried where the payload was captured and decodes.
 */
final class PeerScreen {
    private PeerScreen() {
    }

    static void draw(TextGraphics g, int width, int height, Snapshot s, ViewState view, ZoneId zone, boolean pacing) {
        PeerDetail d = s.detail();
        if (d == null) {
            // the peer faded out while shown: back to the table
            view.mode = ViewState.Mode.PEERS;
            return;
        }
        PeerRow p = d.peer();
        g.putString(0, 2, Units.fit(PeersScreen.describe(p, s.nowNanos()) + "  age "
                + (p.ageIsLowerBound() ? ">" : "") + Units.duration(p.ageNanos(s.nowNanos())), width, false), SGR.REVERSE);

        List<PeerDetail.TypeCount> types = new ArrayList<>(d.types());
        types.sort(Comparator.comparingLong(PeerDetail.TypeCount::total).reversed().thenComparing(PeerDetail.TypeCount::type));
        // the type table gets at most a third of the rows; the message list the rest
        int typeRows = Math.min(types.size(), Math.max(2, (height - 6) / 3));
        int y = 3;
        g.putString(0, y++, Units.fit(typeLine("TYPE", "MSG IN", "BYTES IN", "MSG OUT", "BYTES OUT"), width, false), SGR.BOLD);
        for (int i = 0; i < typeRows; i++) {
            PeerDetail.TypeCount t = types.get(i);
            boolean last = i == typeRows - 1 && types.size() > typeRows;
            String line = last ? "... " + (types.size() - typeRows + 1) + " more types"
                    : typeLine(t.type(), Units.compact(t.msgsIn()), Units.compact(t.bytesIn()), Units.compact(t.msgsOut()),
                            Units.compact(t.bytesOut()));
            g.putString(0, y++, Units.fit(line, width, false));
        }
        g.putString(0, y++, Units.fit(String.format(Locale.ROOT, "%-12s %-2s %-12s %7s  %s", "TIME", "", "TYPE", "SIZE",
                "LAST " + d.recent().size() + " MESSAGES, NEWEST FIRST"), width, false), SGR.BOLD);
        int listRows = height - 1 - y;
        List<KeptMessage> recent = d.recent();
        view.peerScroll = Math.max(0, Math.min(view.peerScroll, recent.size() - listRows));
        for (int i = 0; i < listRows && view.peerScroll + i < recent.size(); i++) {
            g.putString(0, y + i, Units.fit(message(recent.get(view.peerScroll + i), zone), width, false));
        }
        String keys = "Esc:back Up/Down/PgUp/PgDn:scroll q:quit ?:help" + (pacing ? " space:pause +-:speed" : "");
        g.putString(0, height - 1, Units.fit(keys, width, false), SGR.REVERSE);
    }

    static String typeLine(String type, String in, String bytesIn, String out, String bytesOut) {
        return String.format(Locale.ROOT, "%-12s %7s %9s %8s %10s", type, in, bytesIn, out, bytesOut);
    }

    /** "18:45:29.123 <- ping                8  nonce 0807060504030201" */
    static String message(KeptMessage m, ZoneId zone) {
        LocalTime t = Instant.ofEpochSecond(0, m.epochNanos()).atZone(zone).toLocalTime();
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1_000_000);
        return String.format(Locale.ROOT, "%s %s %-12s %7s  %s", time, m.inbound() ? "<-" : "->", m.type(),
                Units.compact(m.size()), MessageSummary.of(m.type(), m.payload(), m.size()));
    }
}
