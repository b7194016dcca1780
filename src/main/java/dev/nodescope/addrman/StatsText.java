package dev.nodescope.addrman;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code addrman stats} for people: one block per table, groups with their shares. */
public final class StatsText {
    private StatsText() {
    }

    public static List<String> lines(AddrmanStats s) {
        List<String> out = new ArrayList<>();
        out.add("addrman at " + Instant.ofEpochSecond(s.timeSeconds()));
        StringBuilder nets = new StringBuilder("networks (new/tried slots):");
        for (Map.Entry<String, long[]> e : AddrmanStats.ordered(s.byNetwork()).entrySet()) {
            nets.append(' ').append(e.getKey()).append(' ').append(e.getValue()[0]).append('/').append(e.getValue()[1]);
        }
        out.add(nets.toString());
        long[] all = s.nodeCounts().get("all_networks");
        if (all != null) {
            out.add("node's getaddrmaninfo: new " + all[0] + ", tried " + all[1]
                    + (s.countsAgree() ? " (agrees)" : " (DIFFERS from the entries: taken at a different moment?)"));
        }
        table(out, "new", s.newTable());
        table(out, "tried", s.tried());
        return out;
    }

    private static void table(List<String> out, String name, AddrmanStats.TableStats t) {
        out.add(name + ": " + t.slots() + " slots, " + t.addresses() + " addresses, " + t.bucketsUsed() + " buckets used, "
                + t.bucketsFull() + " full; most filled bucket " + maxFill(t.fill()));
        StringBuilder ages = new StringBuilder("  age:");
        for (int i = 0; i < AddrmanStats.AGE_BINS.size(); i++) {
            ages.append(' ').append(AddrmanStats.AGE_BINS.get(i)).append(' ').append(t.ages()[i]);
        }
        out.add(ages.toString());
        out.add("  terrible (Core's time rules): " + t.terrible() + " (future " + t.terribleFuture() + ", stale "
                + t.terribleStale() + "); dated in the future: " + t.future());
        out.add("  netgroups: " + concentration(t.netgroups()));
        out.add("  source netgroups: " + concentration(t.sourceNetgroups()));
        if (t.asns() != null) {
            out.add("  ASNs: " + concentration(t.asns()));
        }
    }

    private static int maxFill(int[] fill) {
        for (int n = fill.length - 1; n >= 0; n--) {
            if (fill[n] > 0) {
                return n;
            }
        }
        return 0;
    }

    static String concentration(Concentration c) {
        StringBuilder b = new StringBuilder();
        b.append(c.distinct()).append(" distinct, top ").append(percent(c.topShare())).append(", HHI ")
                .append(String.format(Locale.ROOT, "%.4f", c.herfindahl()));
        if (!c.top().isEmpty()) {
            b.append(" [");
            for (int i = 0; i < c.top().size(); i++) {
                Concentration.Group g = c.top().get(i);
                b.append(i == 0 ? "" : ", ").append(g.name()).append(' ').append(g.count());
            }
            b.append(']');
        }
        return b.toString();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
