package dev.nodescope.watch.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-peer state of a detector, keyed as {@link dev.nodescope.node.PeerKey} is (node name + peer
 * id) but looked up without allocating one: detectors look a peer up on frequent messages (inv,
 * getdata, tx), where a key record and a boxed id per event would be most of their cost. One open
 * addressing table of peer ids per node (a watch almost always has one node, remembered).
 */
final class PeerTable<T> {
    private final Map<String, Ids<T>> byNode = new HashMap<>();
    private String lastNode;
    private Ids<T> last;

    /** The state of the peer, or null. */
    T get(String node, long peerId) {
        Ids<T> ids = ids(node, false);
        return ids == null ? null : ids.get(peerId);
    }

    void put(String node, long peerId, T value) {
        ids(node, true).put(peerId, value);
    }

    /** Removes and returns the peer's state (null when none). */
    T remove(String node, long peerId) {
        Ids<T> ids = ids(node, false);
        return ids == null ? null : ids.remove(peerId);
    }

    int size() {
        int n = 0;
        for (Ids<T> ids : byNode.values()) {
            n += ids.size;
        }
        return n;
    }

    /** Every value (a copy: the caller may remove while going through it). */
    List<T> values() {
        List<T> out = new ArrayList<>();
        for (Ids<T> ids : byNode.values()) {
            ids.forEach(out::add);
        }
        return out;
    }

    private Ids<T> ids(String node, boolean create) {
        if (node == lastNode || (lastNode != null && lastNode.equals(node))) {
            return last;
        }
        Ids<T> ids = byNode.get(node);
        if (ids == null) {
            if (!create) {
                return null;
            }
            ids = new Ids<>();
            byNode.put(node, ids);
        }
        lastNode = node;
        last = ids;
        return ids;
    }

    /** Peer id -> value, linear probing, deletion by backward shift (no tombstones). */
    private static final class Ids<T> {
        long[] keys = new long[16];
        Object[] values = new Object[16];
        int size;

        @SuppressWarnings("unchecked")
        T get(long id) {
            int mask = keys.length - 1;
            for (int i = slot(id, mask); ; i = (i + 1) & mask) {
                Object v = values[i];
                if (v == null) {
                    return null;
                }
                if (keys[i] == id) {
                    return (T) v;
                }
            }
        }

        void put(long id, T value) {
            if ((size + 1) * 4 > keys.length * 3) {
                grow();
            }
            int mask = keys.length - 1;
            for (int i = slot(id, mask); ; i = (i + 1) & mask) {
                if (values[i] == null) {
                    keys[i] = id;
                    values[i] = value;
                    size++;
                    return;
                }
                if (keys[i] == id) {
                    values[i] = value;
                    return;
                }
            }
        }

        @SuppressWarnings("unchecked")
        T remove(long id) {
            int mask = keys.length - 1;
            int i = slot(id, mask);
            while (true) {
                if (values[i] == null) {
                    return null;
                }
                if (keys[i] == id) {
                    break;
                }
                i = (i + 1) & mask;
            }
            T removed = (T) values[i];
            // shift later members of the run back so lookups never stop at the hole
            int hole = i;
            for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = null;
            size--;
            return removed;
        }

        @SuppressWarnings("unchecked")
        void forEach(Consumer<T> each) {
            for (Object v : values) {
                if (v != null) {
                    each.accept((T) v);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void grow() {
            long[] oldKeys = keys;
            Object[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new Object[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != null) {
                    put(oldKeys[i], (T) oldValues[i]);
                }
            }
        }

        private static int slot(long id, int mask) {
            long h = id * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }
    }
}
