package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one look at a node's addrman gave: its entries slot by slot, the node's own counts
 * ({@code getaddrmaninfo}: network to new and tried), its connected peers and facts, and when.
 * Immutable; it keeps its entries both in slot order and as an array over the slots, because a
 * history is rebuilt snapshot after snapshot by changing a few slots of the one before.
 */
public final class AddrmanSnapshot {
    private final long timeMillis;
    private final NodeFacts node;
    private final Map<String, long[]> counts;
    private final List<Peer> peers;
    private final List<AddrEntry> entries;
    private final AddrEntry[] slots;

    /**
     * @param timeMillis when the snapshot was taken (Unix milliseconds): the "now" of its statistics
     * @param counts     the node's {@code getaddrmaninfo} (network name to {new, tried}), empty if unknown
     * @param entries    occupied slots, in any order; two entries in one slot are refused
     */
    public AddrmanSnapshot(long timeMillis, NodeFacts node, Map<String, long[]> counts, List<Peer> peers,
                           List<AddrEntry> entries) {
        this(timeMillis, node, counts, peers, slotsOf(entries));
    }

    private AddrmanSnapshot(long timeMillis, NodeFacts node, Map<String, long[]> counts, List<Peer> peers, AddrEntry[] slots) {
        this.timeMillis = timeMillis;
        this.node = node;
        this.counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        this.peers = List.copyOf(peers);
        this.slots = slots;
        int occupied = 0;
        for (AddrEntry e : slots) {
            occupied += e != null ? 1 : 0;
        }
        List<AddrEntry> list = new ArrayList<>(occupied);
        for (AddrEntry e : slots) {
            if (e != null) {
                list.add(e);
            }
        }
        this.entries = Collections.unmodifiableList(list);
    }

    /** A snapshot from an array over the slots (taken over: the caller must not change it afterwards). */
    static AddrmanSnapshot ofSlots(long timeMillis, NodeFacts node, Map<String, long[]> counts, List<Peer> peers,
                                   AddrEntry[] slots) {
        if (slots.length != Table.ALL_SLOTS) {
            throw new UserException("a slot array has " + Table.ALL_SLOTS + " places, not " + slots.length);
        }
        return new AddrmanSnapshot(timeMillis, node, counts, peers, slots);
    }

    private static AddrEntry[] slotsOf(List<AddrEntry> entries) {
        AddrEntry[] slots = new AddrEntry[Table.ALL_SLOTS];
        for (AddrEntry e : entries) {
            if (e.slot() < 0 || e.slot() >= Table.ALL_SLOTS) {
                throw new UserException("slot " + e.slot() + " is outside both tables");
            }
            if (slots[e.slot()] != null) {
                throw new UserException("two entries in slot " + e.table().jsonName() + " " + e.bucket() + "/"
                        + e.position());
            }
            slots[e.slot()] = e;
        }
        return slots;
    }

    public long timeMillis() {
        return timeMillis;
    }

    public long timeSeconds() {
        return Math.floorDiv(timeMillis, 1000);
    }

    public NodeFacts node() {
        return node;
    }

    public Map<String, long[]> counts() {
        return counts;
    }

    public List<Peer> peers() {
        return peers;
    }

    /** Occupied slots, in slot order. */
    public List<AddrEntry> entries() {
        return entries;
    }

    /** The entry in a slot, or null. */
    public AddrEntry at(int slot) {
        return slots[slot];
    }

    /** Entries by slot: a copy of the array over both tables, null where a slot is empty. */
    public AddrEntry[] bySlot() {
        return Arrays.copyOf(slots, slots.length);
    }
}
