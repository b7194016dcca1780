package dev.nodescope.addrman;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed between two snapshots, by address (address:port, as addrman keys it) and by slot.
 *
 * <ul>
 * <li>{@code inserted}: addresses in B and in neither table of A (one entry each: B's first slot);</li>
 * <li>{@code evicted}: addresses in A and gone from B (A's first slot);</li>
 * <li>{@code toTried}: addresses only in A's new table and in B's tried table (a successful connection);</li>
 * <li>{@code toNew}: addresses in A's tried table that B holds only in new (a tried collision
 *     pushed them back);</li>
 * <li>{@code refreshed}: slots holding the same entry with a different time;</li>
 * <li>{@code buckets}: per table bucket, slots filled and emptied (an occupant that changed counts as both);</li>
 * <li>{@code sources}: per source netgroup, addresses inserted and evicted.</li>
 * </ul>
 */
public record AddrmanDiff(long fromTime, long toTime, List<AddrEntry> inserted, List<AddrEntry> evicted,
                          List<AddrEntry> toTried, List<AddrEntry> toNew, int refreshed, Map<String, int[]> buckets,
                          Map<String, int[]> sources) {

    public static AddrmanDiff between(AddrmanSnapshot a, AddrmanSnapshot b, Grouping grouping) {
        Map<String, Place> before = places(a);
        Map<String, Place> after = places(b);
        List<AddrEntry> inserted = new ArrayList<>();
        List<AddrEntry> evicted = new ArrayList<>();
        List<AddrEntry> toTried = new ArrayList<>();
        List<AddrEntry> toNew = new ArrayList<>();
        Map<String, int[]> sources = new TreeMap<>();
        after.forEach((endpoint, p) -> {
            Place old = before.get(endpoint);
            if (old == null) {
                inserted.add(p.first());
                sources.computeIfAbsent(grouping.sourceNetgroup(p.first()), k -> new int[2])[0]++;
            } else if (p.tried != null && old.tried == null) {
                toTried.add(p.tried);
            } else if (p.tried == null && old.tried != null) {
                toNew.add(p.first());
            }
        });
        before.forEach((endpoint, p) -> {
            if (!after.containsKey(endpoint)) {
                evicted.add(p.first());
                sources.computeIfAbsent(grouping.sourceNetgroup(p.first()), k -> new int[2])[1]++;
            }
        });
        Comparator<AddrEntry> bySlot = Comparator.comparingInt(AddrEntry::slot);
        inserted.sort(bySlot);
        evicted.sort(bySlot);
        toTried.sort(bySlot);
        toNew.sort(bySlot);

        Map<String, int[]> buckets = new TreeMap<>(Comparator.comparing(AddrmanDiff::bucketOrder));
        int refreshed = 0;
        for (int slot = 0; slot < Table.ALL_SLOTS; slot++) {
            AddrEntry x = a.at(slot);
            AddrEntry y = b.at(slot);
            if (x == null && y == null) {
                continue;
            }
            if (x != null && y != null && x.endpoint().equals(y.endpoint())) {
                refreshed += x.time() != y.time() ? 1 : 0;
                continue;
            }
            String key = bucketName(x != null ? x : y);
            int[] c = buckets.computeIfAbsent(key, k -> new int[2]);
            if (y != null) {
                c[0]++;
            }
            if (x != null) {
                c[1]++;
            }
        }
        return new AddrmanDiff(a.timeSeconds(), b.timeSeconds(), inserted, evicted, toTried, toNew, refreshed, buckets,
                sources);
    }

    /** {@code new/12}, {@code tried/3}. */
    public static String bucketName(AddrEntry e) {
        return e.table().jsonName() + "/" + e.bucket();
    }

    private static String bucketOrder(String name) {
        int slash = name.indexOf('/');
        return name.substring(0, slash) + String.format("%05d", Integer.parseInt(name.substring(slash + 1)));
    }

    /** Where an address sits: its new slots and its tried slot. */
    private static final class Place {
        final List<AddrEntry> inNew = new ArrayList<>(1);
        AddrEntry tried;

        AddrEntry first() {
            return tried != null ? tried : inNew.getFirst();
        }
    }

    private static Map<String, Place> places(AddrmanSnapshot s) {
        Map<String, Place> map = new HashMap<>(s.entries().size() * 2);
        for (AddrEntry e : s.entries()) {
            Place p = map.computeIfAbsent(e.endpoint(), k -> new Place());
            if (e.table() == Table.TRIED) {
                p.tried = e;
            } else {
                p.inNew.add(e);
            }
        }
        return map;
    }
}
