package dev.nodescope.watch;

import dev.nodescope.event.Severity;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A detector as the rules and the docs know it: its name, what it means, its default severity and
 * lifecycle times, its tunable numbers, and how to build one.
 *
 * @param forTime   how long the condition must hold before the alert fires (0: at once)
 * @param clearTime how long it must stay clear before a firing alert resolves
 * @param learns    whether it learns a baseline (and stays quiet during its warm-up)
 */
public record DetectorSpec(String name, String doc, Severity severity, Duration forTime, Duration clearTime, boolean learns,
                           List<ParamSpec> params, Function<DetectorContext, Detector> factory) {
    public DetectorSpec {
        params = List.copyOf(params);
    }

    public ParamSpec param(String name) {
        for (ParamSpec p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
