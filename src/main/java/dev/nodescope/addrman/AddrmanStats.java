package dev.nodescope.addrman;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statistics of one snapshot. Every number has a stable name in {@link StatsJson}, so that a
 * detector can compare two snapshots' statistics (concentration now against an hour ago) and
 * {@link AddrmanDiff} says which sources the growth came from.
 *
 * @param timeSeconds the snapshot's time: "now" for ages and Core's terrible rules
 * @param byNetwork   network name to {new slots, tried slots}, from the entries
 * @param nodeCounts  the node's own getaddrmaninfo (network to {new, tried} addresses), empty if unknown
 * @param countsAgree whether the entries add up to the node's own counts (unique new addresses, tried)
 */
public record AddrmanStats(long timeSeconds, TableStats newTable, TableStats tried, Map<String, long[]> byNetwork,
                           Map<String, long[]> nodeCounts, boolean countsAgree, boolean hasAsns) {

    /** Age bins: seconds from the snapshot's time back to the entry's time. */
    public static final List<String> AGE_BINS = List.of("future>10m", "<1h", "1h-1d", "1d-7d", "7d-30d", ">30d");

    /**
     * One table.
     *
     * @param slots           occupied slots
     * @param addresses       distinct addresses (address:port) in them; in new an address may fill up to 8 slots
     * @param bucketsUsed     buckets with at least one entry
     * @param bucketsFull     buckets with all 64 positions taken
     * @param fill            fill[n] = how many buckets hold n entries (n = 0..64)
     * @param ages            slots per {@link #AGE_BINS} bin
     * @param future          entries dated after the snapshot at all (any amount)
     * @param terribleFuture  dated more than 10 minutes ahead (Core: terrible)
     * @param terribleStale   not seen for more than 30 days (Core: terrible)
     * @param asns            concentration by ASN, null without ASNs
     */
    public record TableStats(int slots, int addresses, int bucketsUsed, int bucketsFull, int[] fill, long[] ages,
                             int future, int terribleFuture, int terribleStale, Concentration netgroups,
                             Concentration sourceNetgroups, Concentration asns) {
        public int terrible() {
            return terribleFuture + terribleStale;
        }
    }

    public static AddrmanStats of(AddrmanSnapshot s, Grouping grouping) {
        long now = s.timeSeconds();
        boolean asns = grouping.hasAsmap() || s.entries().stream().anyMatch(e -> e.mappedAs() != 0);
        TableStats newStats = table(s, Table.NEW, grouping, now, asns);
        TableStats triedStats = table(s, Table.TRIED, grouping, now, asns);
        Map<String, long[]> byNetwork = new TreeMap<>();
        for (AddrEntry e : s.entries()) {
            byNetwork.computeIfAbsent(e.network(), k -> new long[2])[e.table() == Table.NEW ? 0 : 1]++;
        }
        boolean agree = true;
        long[] all = s.counts().get("all_networks");
        if (all != null) {
            agree = all[0] == newStats.addresses() && all[1] == triedStats.slots();
        }
        return new AddrmanStats(now, newStats, triedStats, byNetwork, s.counts(), agree, asns);
    }

    private static TableStats table(AddrmanSnapshot s, Table table, Grouping g, long now, boolean withAsns) {
        int[] perBucket = new int[table.buckets()];
        long[] ages = new long[AGE_BINS.size()];
        Set<String> addresses = new HashSet<>();
        Map<String, Integer> groups = Concentration.counter();
        Map<String, Integer> sources = Concentration.counter();
        Map<String, Integer> asns = Concentration.counter();
        int slots = 0;
        int future = 0;
        int terribleFuture = 0;
        int terribleStale = 0;
        for (AddrEntry e : s.entries()) {
            if (e.table() != table) {
                continue;
            }
            slots++;
            perBucket[e.bucket()]++;
            addresses.add(e.endpoint());
            Concentration.add(groups, g.netgroup(e));
            Concentration.add(sources, g.sourceNetgroup(e));
            if (withAsns) {
                int asn = g.asn(e);
                Concentration.add(asns, asn == 0 ? "unmapped" : "AS" + asn);
            }
            ages[ageBin(now - e.time())]++;
            if (e.time() > now) {
                future++;
            }
            String terrible = Terrible.reason(e.time(), now);
            if ("future".equals(terrible)) {
                terribleFuture++;
            } else if ("stale".equals(terrible)) {
                terribleStale++;
            }
        }
        int[] fill = new int[Table.BUCKET_SIZE + 1];
        int used = 0;
        for (int n : perBucket) {
            fill[n]++;
            used += n > 0 ? 1 : 0;
        }
        return new TableStats(slots, addresses.size(), used, fill[Table.BUCKET_SIZE], fill, ages, future, terribleFuture,
                terribleStale, Concentration.of(groups), Concentration.of(sources), withAsns ? Concentration.of(asns) : null);
    }

    /** The {@link #AGE_BINS} index of an age in seconds (negative: dated after the snapshot). */
    public static int ageBin(long age) {
        if (age < -Terrible.FUTURE_SLACK_SECONDS) {
            return 0;
        }
        if (age < 3600) {
            return 1;
        }
        if (age < 86_400) {
            return 2;
        }
        if (age < 7 * 86_400) {
            return 3;
        }
        return age <= Terrible.HORIZON_SECONDS ? 4 : 5;
    }

    /** Networks in a fixed order for reports: Core's order, then any other. */
    public static Map<String, long[]> ordered(Map<String, long[]> byNetwork) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String n : List.of("ipv4", "ipv6", "onion", "i2p", "cjdns", "not_publicly_routable", "internal")) {
            if (byNetwork.containsKey(n)) {
                out.put(n, byNetwork.get(n));
            }
        }
        byNetwork.forEach(out::putIfAbsent);
        return out;
    }
}
