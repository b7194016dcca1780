package dev.nodescope.web.view;

import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.NodeState;
import dev.nodescope.watch.detect.Payloads;
import dev.nodescope.web.view.TrafficView.Count;
import dev.nodescope.web.view.TrafficView.Flow;
import dev.nodescope.web.view.TrafficView.Relay;
import dev.nodescope.web.view.TrafficView.Totals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One node's traffic for {@link TrafficView}. Memory: two {@link SecondBuckets} of at most
 * (49 message types + 17 connection types) x 4 longs a second over 900 seconds, about 1.9 MB
 * in the worst case of a peer sending 48 made-up types, a few hundred kB for a real node.
 * Not thread-safe: the view's lock guards it.
 */
final class NodeTraffic {
    /** Core has seven connection types; room for new ones, not for made-up ones. */
    static final int MAX_CONN_TYPES = 16;
    /** Columns of one name in the buckets and totals: messages in, bytes in, messages out, bytes out. */
    static final int COLUMNS = 4;

    private static final int IN = 0;
    private static final int OUT = 1;
    private static final int INV = 0;
    private static final int GETDATA = 1;
    private static final int TX = 2;

    private final String node;
    private final CappedNames types = new CappedNames(NodeState.MAX_TYPES);
    private final CappedNames connTypes = new CappedNames(MAX_CONN_TYPES);
    private final SecondBuckets byType = new SecondBuckets(SecondBuckets.WINDOW_SECONDS);
    private final SecondBuckets byConnType = new SecondBuckets(SecondBuckets.WINDOW_SECONDS);
    private final List<long[]> typeTotals = new ArrayList<>();
    private final List<long[]> connTypeTotals = new ArrayList<>();
    /** [direction][inv, getdata, tx]: messages, entries, messages whose entries were not told. */
    private final long[][] relayMessages = new long[2][3];
    private final long[][] relayEntries = new long[2][3];
    private final long[][] relayUncounted = new long[2][3];
    private long revision;

    NodeTraffic(String node) {
        this.node = node;
    }

    long revision() {
        return revision;
    }

    void fold(MessageEvent m) {
        revision++;
        long at = m.meta().epochNanos();
        int dir = m.inbound() ? IN : OUT;
        add(byType, typeTotals, types.index(Objects.requireNonNullElse(m.msgType(), "")), at, dir, m.size());
        add(byConnType, connTypeTotals, connTypes.index(Objects.requireNonNullElse(m.connType(), "")), at, dir, m.size());
        int kind = switch (m.msgType()) {
            case "inv" -> INV;
            case "getdata" -> GETDATA;
            case "tx" -> TX;
            case null, default -> -1;
        };
        if (kind < 0) {
            return;
        }
        relayMessages[dir][kind]++;
        if (kind == TX) {
            relayEntries[dir][kind]++;
            return;
        }
        long entries = Payloads.count(m, Payloads.INV_ITEM_BYTES);
        if (entries < 0) {
            relayUncounted[dir][kind]++;
            entries = 1;
        }
        relayEntries[dir][kind] += entries;
    }

    private void add(SecondBuckets buckets, List<long[]> totals, int index, long at, int dir, long size) {
        int column = index * COLUMNS + dir * 2;
        buckets.add(at, column, 1, revision);
        buckets.add(at, column + 1, size, revision);
        while (totals.size() <= index) {
            totals.add(new long[COLUMNS]);
        }
        long[] t = totals.get(index);
        t[dir * 2]++;
        t[dir * 2 + 1] += size;
    }

    TrafficView.Traffic since(long seen) {
        SecondBuckets.Window t = byType.since(seen);
        SecondBuckets.Window c = byConnType.since(seen);
        // both tables move with the same events, so their windows are the same
        return new TrafficView.Traffic(node, seen < 0, revision, t.from(), t.to(), types.names(), t.buckets(), connTypes.names(),
                c.buckets(), totals(types, typeTotals), totals(connTypes, connTypeTotals),
                new Relay(flow(IN, OUT), flow(OUT, IN)));
    }

    private static List<Totals> totals(CappedNames names, List<long[]> counts) {
        List<Totals> out = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            long[] t = counts.get(i);
            out.add(new Totals(names.name(i), t[0], t[1], t[2], t[3]));
        }
        return out;
    }

    /** Announced in direction {@code announced}, asked for the other way, delivered as announced. */
    private Flow flow(int announced, int asked) {
        Count inv = count(announced, INV);
        Count getdata = count(asked, GETDATA);
        Count tx = count(announced, TX);
        return new Flow(inv, getdata, tx, ratio(getdata.count(), inv.count()), ratio(tx.count(), getdata.count()));
    }

    private Count count(int dir, int kind) {
        long messages = relayMessages[dir][kind];
        long uncounted = relayUncounted[dir][kind];
        String unit = kind == TX || (messages > 0 && uncounted == messages) ? "messages" : uncounted == 0 ? "entries" : "entries and messages";
        return new Count(messages, relayEntries[dir][kind], unit, uncounted);
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
