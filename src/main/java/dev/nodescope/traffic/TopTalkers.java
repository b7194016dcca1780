package dev.nodescope.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers that moved the most payload bytes, in bounded memory: the Space-Saving algorithm
 * (Metwally, Agrawal, El Abbadi 2005). At most {@code capacity} peers are tracked; a new peer
 * when full replaces the one with the fewest bytes and inherits its count as a possible
 * overestimate ({@link Talker#error()}). Any peer with more than total/capacity bytes is always
 * kept, and while no peer was replaced every count is exact.
 */
final class TopTalkers {
    private static final class Entry {
        final PeerKey key;
        String addr;
        String connType;
        long received;
        long sent;
        long messages;
        long error;

        Entry(PeerKey key) {
            this.key = key;
        }

        long bytes() {
            return received + sent + error;
        }
    }

    private final int capacity;
    private final Map<PeerKey, Entry> entries = new HashMap<>();
    private long peers;
    private boolean replaced;

    TopTalkers(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    void add(PeerKey key, String addr, String connType, boolean received, long bytes) {
        Entry e = entries.get(key);
        if (e == null) {
            peers++;
            if (entries.size() < capacity) {
                e = new Entry(key);
            } else {
                Entry min = entries.values().stream().min(Comparator.comparingLong(Entry::bytes)).orElseThrow();
                entries.remove(min.key);
                e = new Entry(key);
                e.error = min.bytes();
                replaced = true;
            }
            entries.put(key, e);
        }
        e.addr = addr;
        e.connType = connType;
        e.messages++;
        if (received) {
            e.received += bytes;
        } else {
            e.sent += bytes;
        }
    }

    /** The {@code n} peers with the most bytes, most first (ties: by node and peer id). */
    List<Talker> top(int n) {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(x -> x.key.node())
                .thenComparingLong(x -> x.key.peerId()));
        List<Talker> out = new ArrayList<>();
        for (Entry e : all.subList(0, Math.min(n, all.size()))) {
            out.add(new Talker(e.key.node(), e.key.peerId(), e.addr, e.connType, e.received, e.sent, e.messages, e.error));
        }
        return out;
    }

    /** Distinct connections that sent or received a message. */
    long peers() {
        return peers;
    }

    /** Whether every count is exact (no peer was ever replaced). */
    boolean exact() {
        return !replaced;
    }

    int capacity() {
        return capacity;
    }
}
