package dev.nodescope.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The columns of the peers table, in the order shown. Narrow terminals show fewer: columns are
 * taken by {@link #priority} (0 first) while they fit, so at 80 columns the essentials are there
 * (the address keeps at least {@link #width} characters and takes whatever is left, up to
 * {@link #MAX_ADDRESS}); wider terminals add the network, the time since the last message and
 * the byte totals.
 */
public enum PeerColumn {
    MARK("", 1, 0, false, false, (p, r, now) -> mark(p),
            Comparator.comparing((PeerRow p) -> p.state()).thenComparing(p -> p.misbehaving() == null)),
    ID("ID", 5, 0, true, false, (p, r, now) -> Long.toString(p.id()), Comparator.comparingLong(PeerRow::id)),
    TYPE("TYPE", 5, 0, false, false, (p, r, now) -> shortConnType(p.connType()), text(p -> shortConnType(p.connType()))),
    NET("NET", 5, 4, false, false, (p, r, now) -> p.network() == null ? "?" : p.network(), text(PeerRow::network)),
    ADDRESS("ADDRESS", 17, 0, false, false, (p, r, now) -> p.addr() == null ? "?" : p.addr(), text(PeerRow::addr)),
    AGE("AGE", 6, 3, true, true, (p, r, now) -> (p.ageIsLowerBound() ? ">" : "") + Units.duration(p.ageNanos(now)),
            Comparator.comparingLong((PeerRow p) -> p.openedAtNanos() >= 0 ? p.openedAtNanos() : p.firstSeenNanos()).reversed()),
    MSGS_IN("MSG IN", 6, 1, true, true, (p, r, now) -> Units.compact(p.msgsIn()), Comparator.comparingLong(PeerRow::msgsIn)),
    MSGS_OUT("MSG OUT", 7, 1, true, true, (p, r, now) -> Units.compact(p.msgsOut()), Comparator.comparingLong(PeerRow::msgsOut)),
    BYTES_IN("BYTES IN", 8, 5, true, true, (p, r, now) -> Units.compact(p.bytesIn()), Comparator.comparingLong(PeerRow::bytesIn)),
    BYTES_OUT("BYTES OUT", 9, 5, true, true, (p, r, now) -> Units.compact(p.bytesOut()), Comparator.comparingLong(PeerRow::bytesOut)),
    RATE_IN("B/S IN", 6, 2, true, true, (p, r, now) -> Units.rate(r.peer(p.id()).bytesInPerSec()), null),
    RATE_OUT("B/S OUT", 7, 2, true, true, (p, r, now) -> Units.rate(r.peer(p.id()).bytesOutPerSec()), null),
    LAST("LAST", 11, 3, false, false, (p, r, now) -> p.lastMsgType() == null ? "" : p.lastMsgType(), text(PeerRow::lastMsgType)),
    SEEN("SEEN", 4, 4, true, false, (p, r, now) -> p.lastMsgNanos() < 0 ? "" : Units.ago(now - p.lastMsgNanos()),
            Comparator.comparingLong((PeerRow p) -> p.lastMsgNanos()).reversed());

    /** Widest the address column grows: an onion v3 address with its port. */
    static final int MAX_ADDRESS = 68;

    interface Cell {
        String text(PeerRow peer, Rates rates, long nowNanos);
    }

    final String header;
    final int width;
    final int priority;
    final boolean right;
    /** Numbers are most interesting largest first, text in alphabetical order. */
    final boolean defaultDescending;
    private final Cell cell;
    private final Comparator<PeerRow> order;

    PeerColumn(String header, int width, int priority, boolean right, boolean defaultDescending, Cell cell,
               Comparator<PeerRow> order) {
        this.header = header;
        this.width = width;
        this.priority = priority;
        this.right = right;
        this.defaultDescending = defaultDescending;
        this.cell = cell;
        this.order = order;
    }

    String cell(PeerRow peer, Rates rates, long nowNanos) {
        return cell.text(peer, rates, nowNanos);
    }

    /** Ascending order of this column; ties go by peer id so the order is stable between frames. */
    Comparator<PeerRow> comparator(Rates rates) {
        Comparator<PeerRow> c = switch (this) {
            case RATE_IN -> Comparator.comparingDouble(p -> rates.peer(p.id()).bytesInPerSec());
            case RATE_OUT -> Comparator.comparingDouble(p -> rates.peer(p.id()).bytesOutPerSec());
            default -> order;
        };
        return c.thenComparingLong(PeerRow::id);
    }

    /** A column layout for a terminal width: which columns and how wide each is. */
    record Layout(List<PeerColumn> columns, int[] widths) {
    }

    static Layout layout(int terminalWidth) {
        boolean[] shown = new boolean[values().length];
        int used = -1; // n columns need n - 1 separators
        for (int level = 0; level <= 5; level++) {
            for (PeerColumn c : values()) {
                if (c.priority == level && used + 1 + c.width <= terminalWidth) {
                    shown[c.ordinal()] = true;
                    used += 1 + c.width;
                }
            }
        }
        List<PeerColumn> columns = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (PeerColumn c : values()) {
            if (shown[c.ordinal()]) {
                columns.add(c);
                widths.add(c == ADDRESS ? Math.min(MAX_ADDRESS, c.width + terminalWidth - used) : c.width);
            }
        }
        return new Layout(columns, widths.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Closed {@code x}, evicted {@code E}, misbehaving {@code !}, else blank. */
    static String mark(PeerRow p) {
        return switch (p.state()) {
            case CLOSED -> "x";
            case EVICTED -> "E";
            case OPEN -> p.misbehaving() != null ? "!" : " ";
        };
    }

    /** Bitcoin Core's connection types in five characters. */
    static String shortConnType(String connType) {
        if (connType == null) {
            return "?";
        }
        return switch (connType) {
            case "inbound" -> "in";
            case "outbound-full-relay" -> "full";
            case "block-relay-only" -> "block";
            case "manual" -> "man";
            case "feeler" -> "feel";
            case "addr-fetch" -> "addr";
            case "private-broadcast" -> "priv";
            default -> connType;
        };
    }

    private static Comparator<PeerRow> text(java.util.function.Function<PeerRow, String> key) {
        return Comparator.comparing(p -> key.apply(p) == null ? "" : key.apply(p));
    }
}
