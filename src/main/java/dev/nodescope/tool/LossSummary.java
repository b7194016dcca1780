package dev.nodescope.tool;

import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import java.io.PrintStream;

/** The losses printed when a run stops: nothing is lost silently. */
public final class LossSummary {
    private LossSummary() {
    }

    /** One line per loss stage with a non-zero total; nothing when nothing was lost. */
    public static void print(SourceStats stats, PrintStream err) {
        for (LossStage stage : stats.stages()) {
            long total = 0;
            StringBuilder detail = new StringBuilder();
            for (Tracepoint tp : Tracepoint.values()) {
                long n = stats.lost(stage, tp);
                if (n > 0) {
                    total += n;
                    detail.append(detail.isEmpty() ? "" : ", ").append(tp.fullName()).append(' ').append(n);
                }
            }
            if (total > 0) {
                err.println("nodescope: " + total + " lost at " + stage.jsonName() + " (" + detail + ")");
            }
        }
        if (stats.decodeErrors() > 0) {
            err.println("nodescope: " + stats.decodeErrors() + " records lost at decode");
        }
    }
}
