package dev.nodescope.addrman;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code addrman diff} as text (the largest changes) and as JSON (all of them). */
public final class DiffReport {
    /** Text shows this many source netgroups and buckets, the busiest first; JSON has them all. */
    public static final int TEXT_ROWS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffReport() {
    }

    public static List<String> lines(AddrmanDiff d) {
        List<String> out = new ArrayList<>();
        out.add("from " + Instant.ofEpochSecond(d.fromTime()) + " to " + Instant.ofEpochSecond(d.toTime()) + " ("
                + (d.toTime() - d.fromTime()) + " s)");
        out.add("inserted " + d.inserted().size() + ", evicted " + d.evicted().size() + ", new->tried " + d.toTried().size()
                + ", tried->new " + d.toNew().size() + ", re-dated " + d.refreshed());
        if (!d.sources().isEmpty()) {
            out.add("per source netgroup (inserted/evicted):");
            sorted(d.sources()).stream().limit(TEXT_ROWS)
                    .forEach(e -> out.add("  " + e.getKey() + " +" + e.getValue()[0] + " -" + e.getValue()[1]));
            if (d.sources().size() > TEXT_ROWS) {
                out.add("  ... " + (d.sources().size() - TEXT_ROWS) + " more (--format json has all)");
            }
        }
        if (!d.buckets().isEmpty()) {
            out.add("per bucket (slots filled/emptied):");
            sorted(d.buckets()).stream().limit(TEXT_ROWS)
                    .forEach(e -> out.add("  " + e.getKey() + " +" + e.getValue()[0] + " -" + e.getValue()[1]));
            if (d.buckets().size() > TEXT_ROWS) {
                out.add("  ... " + (d.buckets().size() - TEXT_ROWS) + " more (--format json has all)");
            }
        }
        return out;
    }

    /** Busiest first (filled + emptied), ties in name order. */
    private static List<Map.Entry<String, int[]>> sorted(Map<String, int[]> m) {
        List<Map.Entry<String, int[]>> list = new ArrayList<>(m.entrySet());
        list.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -(e.getValue()[0] + e.getValue()[1])));
        return list;
    }

    public static ObjectNode json(AddrmanDiff d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("from", d.fromTime()).put("to", d.toTime());
        entries(o.putArray("inserted"), d.inserted());
        entries(o.putArray("evicted"), d.evicted());
        entries(o.putArray("new_to_tried"), d.toTried());
        entries(o.putArray("tried_to_new"), d.toNew());
        o.put("redated", d.refreshed());
        ObjectNode sources = o.putObject("source_netgroups");
        d.sources().forEach((k, v) -> sources.putObject(k).put("inserted", v[0]).put("evicted", v[1]));
        ObjectNode buckets = o.putObject("buckets");
        d.buckets().forEach((k, v) -> buckets.putObject(k).put("filled", v[0]).put("emptied", v[1]));
        return o;
    }

    private static void entries(ArrayNode a, List<AddrEntry> entries) {
        for (AddrEntry e : entries) {
            a.addObject().put("address", e.endpoint()).put("table", e.table().jsonName()).put("bucket", e.bucket())
                    .put("position", e.position()).put("source", e.source()).put("time", e.time());
        }
    }
}
