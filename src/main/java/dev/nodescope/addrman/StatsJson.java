package dev.nodescope.addrman;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code addrman stats --format json}: every statistic under a stable name (docs/addrman.md). */
public final class StatsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsJson() {
    }

    public static ObjectNode of(AddrmanStats s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", s.timeSeconds());
        ObjectNode nets = o.putObject("networks");
        AddrmanStats.ordered(s.byNetwork()).forEach((n, c) -> nets.putObject(n).put("new", c[0]).put("tried", c[1]));
        if (!s.nodeCounts().isEmpty()) {
            ObjectNode node = o.putObject("node_counts");
            s.nodeCounts().forEach((n, c) -> node.putObject(n).put("new", c[0]).put("tried", c[1]));
            o.put("counts_agree", s.countsAgree());
        }
        table(o.putObject("new"), s.newTable());
        table(o.putObject("tried"), s.tried());
        return o;
    }

    private static void table(ObjectNode o, AddrmanStats.TableStats t) {
        o.put("slots", t.slots()).put("addresses", t.addresses()).put("buckets_used", t.bucketsUsed())
                .put("buckets_full", t.bucketsFull());
        ArrayNode fill = o.putArray("fill");
        for (int n : t.fill()) {
            fill.add(n);
        }
        ObjectNode ages = o.putObject("ages");
        for (int i = 0; i < AddrmanStats.AGE_BINS.size(); i++) {
            ages.put(AddrmanStats.AGE_BINS.get(i), t.ages()[i]);
        }
        o.put("future", t.future()).put("terrible_future", t.terribleFuture()).put("terrible_stale", t.terribleStale())
                .put("terrible", t.terrible());
        concentration(o.putObject("netgroups"), t.netgroups());
        concentration(o.putObject("source_netgroups"), t.sourceNetgroups());
        if (t.asns() != null) {
            concentration(o.putObject("asns"), t.asns());
        }
    }

    private static void concentration(ObjectNode o, Concentration c) {
        o.put("distinct", c.distinct()).put("top_share", round(c.topShare())).put("herfindahl", round(c.herfindahl()));
        ArrayNode top = o.putArray("top");
        c.top().forEach(g -> top.addObject().put("group", g.name()).put("slots", g.count()));
    }

    /** Six decimals: enough for any share of 65536 slots, and stable text for diffs and tests. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
