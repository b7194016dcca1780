package dev.nodescope.watch;

import dev.nodescope.watch.detect.EclipseRisk;
import dev.nodescope.watch.detect.Misbehaving;
import java.util.List;

/** Every detector nodescope has, in the order docs/watch.md describes them. */
public final class Detectors {
    private static final List<DetectorSpec> ALL = List.of(
            Misbehaving.SPEC,
            EclipseRisk.SPEC);

    private Detectors() {
    }

    public static List<DetectorSpec> all() {
        return ALL;
    }

    public static java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        ALL.forEach(s -> names.add(s.name()));
        return names;
    }
}
