package dev.nodescope.traffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small integer indexes for labels (message types, connection types), at most {@code capacity}:
 * a peer may send messages of any 12-character type, so past the capacity every new label counts
 * as {@link #OTHER} and memory stays bounded whatever the peers send.
 */
final class Labels {
    static final String OTHER = "(other)";

    private final int capacity;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    Labels(int capacity) {
        this.capacity = capacity;
    }

    int intern(String label) {
        Integer i = index.get(label);
        if (i != null) {
            return i;
        }
        if (names.size() >= capacity - 1) {
            // the last slot is the catch-all
            i = index.computeIfAbsent(OTHER, o -> {
                names.add(OTHER);
                return names.size() - 1;
            });
            return i;
        }
        names.add(label);
        index.put(label, names.size() - 1);
        return names.size() - 1;
    }

    String name(int i) {
        return names.get(i);
    }

    int size() {
        return names.size();
    }

    int capacity() {
        return capacity;
    }
}
