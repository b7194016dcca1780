package dev.nodescope.web.view;

import dev.nodescope.node.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names kept apart up to a cap, each with a stable index; beyond the cap every new name shares
 * {@link #OTHER}. Message types and reasons come from peers and nodes, so a peer making up types
 * must not grow the dashboard's memory (nor its charts' series) without bound, as in
 * {@link NodeState#MAX_TYPES}.
 */
final class CappedNames {
    static final String OTHER = NodeState.OTHER_TYPES;

    private final int max;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** @param max names kept apart; {@link #OTHER} comes on top of them */
    CappedNames(int max) {
        this.max = max;
    }

    /** The index of {@code name}, or of {@link #OTHER} once {@code max} names are kept. */
    int index(String name) {
        Integer i = indexes.get(name);
        if (i != null) {
            return i;
        }
        String key = indexes.size() < max ? name : OTHER;
        return indexes.computeIfAbsent(key, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }

    int size() {
        return names.size();
    }

    String name(int index) {
        return names.get(index);
    }

    /** The names by index (a copy). */
    List<String> names() {
        return List.copyOf(names);
    }
}
