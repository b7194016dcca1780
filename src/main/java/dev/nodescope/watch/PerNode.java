package dev.nodescope.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A node-level detector's state for each watched node (usually one), found per event without
 * hashing the node's name again: the events of one source share one name instance, so the last
 * node found is compared by identity first.
 */
public final class PerNode<T> {
    private final Map<String, T> byName = new HashMap<>();
    private final List<T> all = new ArrayList<>();
    private final Function<String, T> create;
    private String lastName;
    private T last;

    public PerNode(Function<String, T> create) {
        this.create = create;
    }

    /** The state of {@code node}, made on first use. */
    public T get(String node) {
        if (node == lastName) {
            return last;
        }
        T t = byName.get(node);
        if (t == null) {
            t = create.apply(node);
            byName.put(node, t);
            all.add(t);
        }
        lastName = node;
        last = t;
        return t;
    }

    /** Every node's state, in the order first seen (a view: do not keep it). */
    public List<T> all() {
        return all;
    }

    /** Forgets {@code node} (nodescope detached from it). */
    public void remove(String node) {
        T t = byName.remove(node);
        if (t != null) {
            all.remove(t);
        }
        lastName = null;
        last = null;
    }
}
