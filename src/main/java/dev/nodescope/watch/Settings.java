package dev.nodescope.watch;

import dev.nodescope.event.Severity;
import java.util.Map;

/**
 * A detector's settings after the rules file: on or off, severity, lifecycle times and its
 * numbers (durations in seconds), each either the default of its {@link DetectorSpec} or what the
 * rules said.
 */
public record Settings(DetectorSpec spec, boolean enabled, Severity severity, long forNanos, long clearNanos,
                       Map<String, Double> params) {
    public Settings {
        params = Map.copyOf(params);
    }

    /** The defaults of {@code spec}. */
    public static Settings defaults(DetectorSpec spec) {
        java.util.HashMap<String, Double> p = new java.util.HashMap<>();
        for (ParamSpec ps : spec.params()) {
            p.put(ps.name(), ps.defaultValue());
        }
        return new Settings(spec, true, spec.severity(), spec.forTime().toNanos(), spec.clearTime().toNanos(), p);
    }

    /** A number of this detector (a duration in seconds); the name must be one its spec declares. */
    public double number(String name) {
        Double v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(spec.name() + " declares no setting " + name);
        }
        return v;
    }

    /** A duration setting in nanoseconds. */
    public long nanos(String name) {
        return Math.round(number(name) * 1e9);
    }
}
