package dev.nodescope.bench;

import dev.nodescope.error.UserException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names runs go by in a comparison, one per run and all different: the report, its plots'
 * legends and the "slowest blocks of ..." sections tell runs apart by them. Two runs of one
 * build, or {@code a/run.csv} and {@code b/run.csv}, share a label; a run compared with itself
 * shares everything.
 */
public final class RunLabels {
    private RunLabels() {
    }

    /**
     * @param given the user's names ({@code --label}), one per run in order; null to take each
     *              run's own label, told apart where they collide by the path it was given as
     * @throws UserException for given names that are too few, too many, blank or repeated
     */
    public static List<String> of(List<Dataset> runs, List<Path> paths, List<String> given) {
        if (given != null) {
            if (given.size() != runs.size()) {
                throw new UserException("--label: give one name per run (" + runs.size() + "), not " + given.size());
            }
            Set<String> seen = new HashSet<>();
            for (String name : given) {
                if (name.isBlank()) {
                    throw new UserException("--label: a name must not be empty");
                }
                if (!seen.add(name)) {
                    throw new UserException("--label: '" + name + "' names two runs; give each run its own name");
                }
            }
            return List.copyOf(given);
        }
        List<String> labels = new ArrayList<>(runs.stream().map(Dataset::label).toList());
        Map<String, Integer> uses = new HashMap<>();
        labels.forEach(l -> uses.merge(l, 1, Integer::sum));
        for (int i = 0; i < labels.size(); i++) {
            if (uses.get(labels.get(i)) > 1) {
                labels.set(i, labels.get(i) + " (" + paths.get(i) + ")");
            }
        }
        // the same file twice: number the repeats
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            int n = seen.merge(labels.get(i), 1, Integer::sum);
            if (n > 1) {
                labels.set(i, labels.get(i) + " #" + n);
            }
        }
        return labels;
    }
}
