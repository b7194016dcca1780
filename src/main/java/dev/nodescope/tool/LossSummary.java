package dev.nodescope.tool;

import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.ExtractionStats;
import java.io.PrintStream;
import java.util.Map;

/** The losses printed when a run stops: nothing is lost silently. */
public final class LossSummary {
    private LossSummary() {
    }

    /** One line per loss stage with a non-zero total; nothing when nothing was lost. */
    public static void print(ExtractionStats stats, PrintStream err) {
        for (Map.Entry<String, long[]> stage : stats.losses().entrySet()) {
            long total = 0;
            StringBuilder detail = new StringBuilder();
            for (Tracepoint tp : Tracepoint.values()) {
                long n = stage.getValue()[tp.id()];
                if (n > 0) {
                    total += n;
                    detail.append(detail.isEmpty() ? "" : ", ").append(tp.fullName()).append(' ').append(n);
                }
            }
            if (total > 0) {
                err.println("nodescope: " + total + " lost at " + stage.getKey() + " (" + detail + ")");
            }
        }
        if (stats.decodeErrors() > 0) {
            err.println("nodescope: " + stats.decodeErrors() + " records lost at decode");
        }
    }
}
