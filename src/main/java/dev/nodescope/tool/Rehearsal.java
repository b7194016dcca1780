package dev.nodescope.tool;

import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;

/**
 * A tool's rehearsal before a live source attaches: the tool's {@link Tool#understudy()} consumes
 * the source's synthetic events ({@link EventSource#rehearseFirst}) until the JIT has compiled
 * their path, then is finished and its outputs deleted. Measured on a burst of a million
 * utxocache events (issue 18, docs/benchmarks.md), compiling during the burst was most of the
 * tools' CPU; rehearsed, the burst runs compiled code from its first event, and start-up takes
 * that time instead (about a second). The time it takes is not part of {@code --duration}.
 *
 * <p>Off with {@code -Dnodescope.rehearsal=false} (the benchmarks compare both).
 */
final class Rehearsal {
    static final String SWITCH = "nodescope.rehearsal";

    private final Tool tool;
    /** When the rehearsal running now began (0: none running). */
    private volatile long startedNanos;
    private volatile long spentNanos;

    private Rehearsal(Tool tool) {
        this.tool = tool;
    }

    /** Arranges {@code tool}'s rehearsal on {@code source}, where both take part (unless switched off). */
    static Rehearsal offer(EventSource source, Tool tool) {
        Rehearsal rehearsal = new Rehearsal(tool);
        if (Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            source.rehearseFirst(rehearsal::rehearse);
        }
        return rehearsal;
    }

    /** Nanoseconds spent rehearsing so far, the one running now included. */
    long nanosSpent() {
        long started = startedNanos;
        return spentNanos + (started == 0 ? 0 : System.nanoTime() - started);
    }

    private void rehearse(EventSource synthetic) {
        // the understudy is made only when the source is ready: a run that ends before (a wrong
        // pid, a stop) leaves nothing of it behind
        Tool understudy;
        try {
            understudy = tool.understudy();
        } catch (IOException e) {
            return; // nowhere to rehearse (no temporary directory): the run only starts cold, as without
        }
        if (understudy == null) {
            return;
        }
        long started = System.nanoTime();
        startedNanos = started;
        try {
            run(understudy, synthetic);
        } finally {
            spentNanos += System.nanoTime() - started;
            startedNanos = 0;
        }
    }

    private static void run(Tool understudy, EventSource synthetic) {
        EventStream stream = EventStream.open(synthetic);
        understudy.register(stream);
        try {
            stream.start();
            understudy.flush();
            understudy.finish(new StreamEnd(true, null, synthetic.stats()));
        } catch (Exception e) {
            // the understudy writes nowhere a user chose: what fails here is ours
            throw new IllegalStateException("the rehearsal before attaching failed", e);
        } finally {
            ToolRunner.deleteOutputs(understudy, "rehearsal's");
        }
    }
}
