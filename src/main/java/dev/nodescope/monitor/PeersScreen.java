package dev.nodescope.monitor;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The peers table: status lines, a header (the sort column marked {@code v} descending or
 * {@code ^} ascending), one row per peer, the selected peer's details and the key line.
 * Ended peers are drawn dim until they fade out, misbehaving ones red.
 */
final class PeersScreen {
    /** Lines around the rows: 2 status, 1 header, 1 selected peer, 1 keys. */
    static final int CHROME_ROWS = 5;

    private PeersScreen() {
    }

    /** The rows the table lists, in order: filtered, then sorted. */
    static List<PeerRow> rows(Snapshot s, Rates rates, ViewState view) {
        List<PeerRow> rows = new ArrayList<>();
        for (PeerRow p : s.peers()) {
            if (view.matches(p)) {
                rows.add(p);
            }
        }
        Comparator<PeerRow> order = view.sortColumn.comparator(rates);
        rows.sort(view.descending ? order.reversed() : order);
        return rows;
    }

    static void draw(TextGraphics g, int width, int height, Snapshot s, Rates rates, ViewState view, boolean pacing) {
        PeerColumn.Layout layout = PeerColumn.layout(width);
        List<PeerRow> rows = rows(s, rates, view);
        int pageRows = height - CHROME_ROWS;
        select(view, rows, pageRows);

        g.putString(0, 2, header(layout, view, width), SGR.REVERSE);
        for (int i = 0; i < pageRows; i++) {
            int index = view.firstRow + i;
            if (index >= rows.size()) {
                break;
            }
            PeerRow p = rows.get(index);
            if (p.ended()) {
                g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
            } else if (p.misbehaving() != null) {
                g.setForegroundColor(TextColor.ANSI.RED);
            }
            String line = Units.fit(row(layout, p, rates, s.nowNanos()), width, false);
            if (index == view.selectedIndex) {
                g.putString(0, 3 + i, line, SGR.REVERSE);
            } else {
                g.putString(0, 3 + i, line);
            }
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
        }
        if (rows.isEmpty()) {
            String empty = view.filter.isEmpty() ? "no peers seen yet" : "no peer matches '" + view.filter + "' (Esc clears)";
            g.putString(0, 3, Units.fit(empty, width, false));
        }
        PeerRow selected = rows.isEmpty() ? null : rows.get(view.selectedIndex);
        g.putString(0, height - 2, Units.fit(selected == null ? "" : describe(selected, s.nowNanos()), width, false));
        g.putString(0, height - 1, Units.fit(footer(view, rows.size(), s.peers().size(), pacing), width, false), SGR.REVERSE);
    }

    /** Applies pending moves and keeps the selected peer on screen. */
    private static void select(ViewState view, List<PeerRow> rows, int pageRows) {
        if (rows.isEmpty()) {
            view.selectedPeer = -1;
            view.selectedIndex = 0;
            view.firstRow = 0;
            view.pendingMove = 0;
            return;
        }
        int index = -1;
        for (int i = 0; i < rows.size() && view.selectedPeer >= 0; i++) {
            if (rows.get(i).id() == view.selectedPeer) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            index = Math.min(view.selectedIndex, rows.size() - 1);
        }
        index = (int) Math.max(0, Math.min(rows.size() - 1, (long) index + view.pendingMove));
        view.pendingMove = 0;
        view.selectedIndex = index;
        view.selectedPeer = rows.get(index).id();
        if (index < view.firstRow) {
            view.firstRow = index;
        } else if (index >= view.firstRow + pageRows) {
            view.firstRow = index - pageRows + 1;
        }
        view.firstRow = Math.max(0, Math.min(view.firstRow, rows.size() - pageRows));
    }

    static String header(PeerColumn.Layout layout, ViewState view, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layout.columns().size(); i++) {
            PeerColumn c = layout.columns().get(i);
            char marker = view.descending ? 'v' : '^';
            if (c == PeerColumn.MARK) {
                sb.append(c == view.sortColumn ? marker : ' ');
                continue;
            }
            sb.append(c == view.sortColumn ? marker : ' ');
            sb.append(Units.fit(c.header, layout.widths()[i], c.right));
        }
        return Units.fit(sb.toString(), width, false);
    }

    static String row(PeerColumn.Layout layout, PeerRow p, Rates rates, long now) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layout.columns().size(); i++) {
            PeerColumn c = layout.columns().get(i);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Units.fit(c.cell(p, rates, now), layout.widths()[i], c.right));
        }
        return sb.toString();
    }

    /** The selected peer in full: state, misbehaving reason, then the address uncut (an onion address is long). */
    static String describe(PeerRow p, long now) {
        StringBuilder sb = new StringBuilder("peer ").append(p.id()).append("  ")
                .append(p.connType() == null ? "?" : p.connType()).append("  ")
                .append(p.network() == null ? "?" : p.network());
        switch (p.state()) {
            case CLOSED -> sb.append("  closed ").append(Units.ago(now - p.endedAtNanos())).append(" ago");
            case EVICTED -> sb.append("  evicted ").append(Units.ago(now - p.endedAtNanos())).append(" ago");
            case OPEN -> {
            }
        }
        if (p.misbehaving() != null) {
            sb.append("  misbehaving: ").append(p.misbehaving());
        }
        return sb.append("  ").append(p.addr() == null ? "?" : p.addr()).toString();
    }

    static String footer(ViewState view, int shown, int total, boolean pacing) {
        if (view.filterDraft != null) {
            return "filter: " + view.filterDraft + "_  (address, type or network; Enter applies, Esc cancels)";
        }
        String filter = view.filter.isEmpty() ? "" : "filter '" + view.filter + "': " + shown + " of " + total + "  ";
        return filter + "q:quit ?:help /:filter <>:sort r:reverse Enter:peer" + (pacing ? " space:pause +-:speed" : "");
    }
}
