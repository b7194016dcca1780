package dev.nodescope.tool;

import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one {@link Tool} over one source, the same way for every command: until the source ends,
 * {@code duration} passes, or the process gets SIGINT/SIGTERM; then flushes, prints the losses,
 * lets the tool finish, deletes what a run that traced nothing left behind, and returns the exit
 * code (or rethrows what stopped the stream, for the command line to report).
 *
 * <p>On a signal the JVM runs shutdown hooks while the stream thread still works: the hook asks
 * the tool to stop and waits until the last events are written and the tool has finished, so
 * nothing is lost when the JVM halts; what stopped the stream, if anything, is reported then too
 * (the JVM halts before the command line could). A reader of standard output going away
 * ({@link OutputClosedException}) ends the run normally.
 */
public final class ToolRunner {
    /** How long a signal waits for the last events and the summary before the JVM halts anyway. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(15);

    private ToolRunner() {
    }

    /** Runs {@code tool} over {@code source}; {@code duration} may be null (until the source ends or a signal). */
    public static int run(EventSource source, Tool tool, Duration duration) throws Exception {
        EventStream stream = EventStream.open(source);
        tool.register(stream);
        Rehearsal rehearsal = Rehearsal.offer(source, tool);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            signalled.set(true);
            tool.stop(stream);
            try {
                done.await(LAST_WORDS.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nodescope-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread timer = duration == null ? null : Thread.ofPlatform().daemon(true).name("nodescope-duration").start(() -> {
            try {
                // the duration is the tracing's: a rehearsal before attaching does not count
                long deadline = System.nanoTime() + duration.toNanos();
                for (long left; (left = deadline + rehearsal.nanosSpent() - System.nanoTime()) > 0; ) {
                    Thread.sleep(Duration.ofNanos(left));
                }
                tool.stop(stream);
            } catch (InterruptedException ended) {
                // the stream ended first
            }
        });
        Throwable failure = null;
        Outcome outcome = Outcome.DONE;
        try {
            try {
                tool.drive(stream);
            } catch (Throwable t) {
                failure = t;
            }
            if (!OutputClosedException.in(failure)) {
                try {
                    tool.flush();
                } catch (Throwable t) {
                    failure = first(failure, t);
                }
            }
            boolean delivered = stream.delivered();
            if (delivered && tool.reportsLosses()) {
                LossSummary.print(source.stats(), System.err);
            }
            try {
                outcome = tool.finish(new StreamEnd(delivered, failure, source.stats()));
            } catch (Throwable t) {
                failure = first(failure, t);
            }
            if (!delivered || outcome == Outcome.NOTHING) {
                deleteOutputs(tool, "empty");
            }
            if (failure != null && !OutputClosedException.in(failure) && signalled.get()) {
                // the JVM halts as soon as the hook returns, before the command line could report it: report it now
                ErrorReport.print(failure, new PrintWriter(System.err, true));
                return outcome.exitCode();
            }
        } finally {
            done.countDown();
            if (timer != null) {
                timer.interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that done is counted down
            }
        }
        if (failure != null && !OutputClosedException.in(failure)) {
            if (failure instanceof Error err) {
                throw err;
            }
            throw failure instanceof Exception e ? e : new IllegalStateException(failure);
        }
        return outcome.exitCode();
    }

    private static Throwable first(Throwable failure, Throwable next) {
        if (failure == null) {
            return next;
        }
        if (next != failure) {
            failure.addSuppressed(next);
        }
        return failure;
    }

    /**
     * Deletes {@code tool}'s outputs, in their order: a run that traced nothing leaves no empty file
     * behind (an unknown pid, no privileges, stopped before the node came), a rehearsal nothing at all.
     * {@code what} names them in the line said when one cannot be removed.
     */
    static void deleteOutputs(Tool tool, String what) {
        for (Path f : tool.outputs()) {
            try {
                Files.deleteIfExists(f);
            } catch (DirectoryNotEmptyException holdsMore) {
                // a directory that holds something else stays with it
            } catch (IOException e) {
                System.err.println("nodescope: cannot remove the " + what + " " + f + ": " + e.getMessage());
            }
        }
    }
}
