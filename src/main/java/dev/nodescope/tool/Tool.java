package dev.nodescope.tool;

import dev.nodescope.stream.EventStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a nodescope tool is to the {@link ToolRunner}: it registers typed handlers on a stream,
 * and when the stream has ended it finishes its output and reports its result. Signals,
 * {@code --duration}, flushing at the end, the loss summary, deleting outputs of a run that
 * traced nothing, and exit codes are the runner's; a tool only says what is particular to it.
 *
 * <p>A new tool is a package with a class implementing this, and a short picocli command that
 * builds the tool from its options and hands it to {@link ToolRunner#run}.
 */
public interface Tool {
    /** A rehearsal delivers at least this many synthetic events before the JIT is asked whether it is done. */
    int REHEARSAL_EVENTS = 200_000;

    /** Registers this tool's handlers (per event type, so only what it needs is traced); called once, before the start. */
    void register(EventStream stream);

    /**
     * The stream has ended and every event was delivered: finish the output (close files, print
     * totals) and say how it went. Called once, also after a failure ({@code end.failure()}); the
     * runner has already flushed and printed the losses.
     */
    Outcome finish(StreamEnd end) throws Exception;

    /** Makes buffered output visible; the runner calls it at the end (handlers add their own {@code onFlush}). */
    default void flush() {
    }

    /** Whether the runner prints the loss summary when the stream ends ({@code count} prints losses in its own table). */
    default boolean reportsLosses() {
        return true;
    }

    /**
     * Files this run wrote that hold nothing when nothing was traced: the runner deletes them when
     * the source delivered no event (an unknown pid, no privileges) or the tool reports
     * {@link Outcome#NOTHING}, after {@link #finish}, in this order (a directory listed after its
     * files goes once empty; one that still holds something stays).
     */
    default List<Path> outputs() {
        return List.of();
    }

    /**
     * A tool of the same classes as this one, configured alike, whose output goes nowhere: the
     * runner rehearses it on synthetic events before a live source attaches ({@link Rehearsal}),
     * so the JIT compiles this tool's event path before a burst instead of during it. Its
     * {@link #outputs()} are deleted after the rehearsal. Null (the default): no rehearsal, for
     * tools whose per-event cost is small or whose start must be quick, and for a run that ends
     * after fewer than {@link #REHEARSAL_EVENTS} events (it would handle fewer than its rehearsal).
     */
    default Tool understudy() throws java.io.IOException {
        return null;
    }

    /**
     * Delivers the stream until it ends. The default does it on the calling thread; a tool with a
     * foreground of its own (the monitor's screen) starts the stream asynchronously and runs that.
     */
    default void drive(EventStream stream) throws Exception {
        stream.start();
    }

    /** A signal (SIGINT, SIGTERM) asks the run to end: the default stops the source, which then delivers what it had. */
    default void stop(EventStream stream) {
        stream.close();
    }
}
