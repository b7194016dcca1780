package dev.nodescope.addrman;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one look at a node's addrman gave: its entries slot by slot, the node's own counts
 * ({@code getaddrmaninfo}: network to new and tried), its connected peers and facts, and when.
 *
 * @param timeMillis when the snapshot was taken (Unix milliseconds): the "now" of its statistics
 * @param counts     the node's {@code getaddrmaninfo} (network name to {new, tried}), empty if unknown
 * @param entries    occupied slots, ordered by slot
 */
public record AddrmanSnapshot(long timeMillis, NodeFacts node, Map<String, long[]> counts, List<Peer> peers,
                              List<AddrEntry> entries) {
    public AddrmanSnapshot {
        counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
        peers = List.copyOf(peers);
        List<AddrEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(AddrEntry::slot));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).slot() == sorted.get(i - 1).slot()) {
                throw new IllegalArgumentException("two entries in slot " + sorted.get(i).table().jsonName() + " "
                        + sorted.get(i).bucket() + "/" + sorted.get(i).position());
            }
        }
        entries = List.copyOf(sorted);
    }

    public long timeSeconds() {
        return Math.floorDiv(timeMillis, 1000);
    }

    /** Entries by slot: an array over both tables, null where a slot is empty. */
    public AddrEntry[] bySlot() {
        AddrEntry[] slots = new AddrEntry[Table.ALL_SLOTS];
        for (AddrEntry e : entries) {
            slots[e.slot()] = e;
        }
        return slots;
    }
}
