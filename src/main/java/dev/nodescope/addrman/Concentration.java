package dev.nodescope.addrman;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How concentrated a table is in one kind of group (address netgroup, source netgroup, ASN), by slots:
 * addrman picks a slot when it looks for a peer, so a group's share of slots is its chance of
 * being picked.
 *
 * @param distinct   how many groups have at least one slot
 * @param topShare   the largest group's share of the slots (0 when the table is empty)
 * @param herfindahl the sum of every group's squared share: 1/distinct when even, 1 when one group holds all
 * @param top        the largest groups, largest first (ties by name), at most {@link #TOP}
 */
public record Concentration(int total, int distinct, double topShare, double herfindahl, List<Group> top) {
    public static final int TOP = 5;

    /** A group and its slot count. */
    public record Group(String name, int count) {
    }

    public static Concentration of(Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<Group> groups = new ArrayList<>();
        counts.forEach((k, v) -> groups.add(new Group(k, v)));
        groups.sort(Comparator.comparingInt(Group::count).reversed().thenComparing(Group::name));
        double hhi = 0;
        for (Group g : groups) {
            double share = (double) g.count() / total;
            hhi += share * share;
        }
        double topShare = groups.isEmpty() ? 0 : (double) groups.getFirst().count() / total;
        return new Concentration(total, groups.size(), topShare, total == 0 ? 0 : hhi,
                List.copyOf(groups.subList(0, Math.min(TOP, groups.size()))));
    }

    /** Counting helper: one more slot for {@code group}. */
    static void add(Map<String, Integer> counts, String group) {
        counts.merge(group, 1, Integer::sum);
    }

    static Map<String, Integer> counter() {
        return new HashMap<>();
    }
}
