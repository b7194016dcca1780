package dev.nodescope.monitor;

import dev.nodescope.tool.WallClock;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import dev.nodescope.error.UserException;
import dev.nodescope.event.Attached;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * {@code monitor}: the full-screen view's life (docs/monitor.md). The stream runs on its own
 * thread and folds events into the model; this tool's foreground is the UI thread. The screen
 * opens only once the source attached (or ended): an attach error is then one line on a terminal
 * that never left its normal state. Whatever ends it (q, Ctrl-C as a key, a signal, the stream
 * failing) goes through the same path, which restores the terminal before anything is printed.
 */
public final class MonitorTool implements Tool {
    /** Payload bytes copied per message: enough to summarise almost every message in the peer view. */
    public static final int PAYLOAD_MAX = 65_536;
    /** How long to wait for the attach before the screen opens (errors then print as one line, not in the UI). */
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);
    /** How long the stream gets to end once the screen closed. */
    private static final Duration STREAM_END_WAIT = Duration.ofSeconds(15);

    private final EventSource source;
    private final UnixTerminal terminal;
    private final PrintStream err;
    private final MonitorModel model = new MonitorModel();
    private final CountDownLatch attachedOrEnded = new CountDownLatch(1);
    private final AtomicReference<Monitor> monitor = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * Attach every selected tracepoint, also those the monitor does not show (counted, not
     * decoded): the demo's stand-in node plays all of them and waits for all to be attached.
     */
    private final boolean attachAll;

    private MonitorTool(EventSource source, UnixTerminal terminal, PrintStream err, boolean attachAll) {
        this.source = source;
        this.attachAll = attachAll;
        this.terminal = terminal;
        this.err = err;
    }

    /** The monitor of {@code source} on this process's terminal; one line when there is none. */
    public static MonitorTool open(EventSource source, PrintStream err) throws IOException {
        return open(source, err, false);
    }

    /** As {@link #open(EventSource, PrintStream)}; {@code attachAll}: also attach what the monitor does not show ({@code demo --monitor}). */
    public static MonitorTool open(EventSource source, PrintStream err, boolean attachAll) throws IOException {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new UserException("monitor needs a terminal on standard input and output"
                    + " (ssh -t, tmux); for pipes and files use nodescope log");
        }
        // Ctrl-C arrives as a key (TRAP), so quitting always goes through the same restore path
        return new MonitorTool(source, new UnixTerminal(System.in, System.out, StandardCharsets.UTF_8,
                UnixLikeTerminal.CtrlCBehaviour.TRAP), err, attachAll);
    }

    @Override
    public void register(EventStream stream) {
        if (attachAll) {
            stream.countUnhandled();
        }
        model.register(stream); // per event type: only the tracepoints the monitor shows are attached
        stream.onEvent(Attached.class, a -> attachedOrEnded.countDown());
        // a stream that fails while the screen is up (the node's binary gone, a handler bug) closes it
        stream.onError(t -> {
            failed.set(true);
            stopMonitor();
        });
        stream.onClose(() -> {
            ended.set(true);
            attachedOrEnded.countDown();
            Monitor m = monitor.get();
            if (m != null) {
                m.sourceEnded();
            }
        });
    }

    @Override
    public void drive(EventStream stream) throws Exception {
        TerminalScreen screen = null;
        try {
            TerminalSize size = terminal.getTerminalSize();
            if (size.getColumns() < Monitor.MIN_WIDTH || size.getRows() < Monitor.MIN_HEIGHT) {
                throw new UserException("terminal too small: " + size.getColumns() + "x" + size.getRows()
                        + ", monitor needs at least " + Monitor.MIN_WIDTH + "x" + Monitor.MIN_HEIGHT);
            }
            stream.startAsync();
            attachedOrEnded.await(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (ended.get()) {
                // it ended before the screen opened: an attach error is rethrown here, as one line once restored
                stream.awaitTermination(Duration.ofSeconds(5));
            }
            if (!stopRequested.get()) {
                screen = new TerminalScreen(terminal);
                screen.startScreen();
                screen.setCursorPosition(null);
                LongSupplier clock = source instanceof Pacing ? this::replayClock : WallClock::epochNanos;
                Monitor m = new Monitor(screen, model, source, clock, ZoneId.systemDefault());
                monitor.set(m);
                if (ended.get()) {
                    m.sourceEnded();
                }
                if (failed.get() || stopRequested.get()) {
                    m.stop(); // it failed or was stopped while the screen opened
                }
                m.run();
            }
        } finally {
            if (screen != null) {
                try {
                    screen.stopScreen();
                } catch (IllegalStateException alreadyLeft) {
                    // on a signal Lanterna's own shutdown hook may have left the screen (and restored stty) first
                }
            }
            try {
                terminal.close();
            } catch (IllegalStateException shuttingDown) {
                // on a signal: Lanterna cannot remove its shutdown hook, which restores the terminal itself
            }
        }
        stream.close();
        stream.awaitTermination(STREAM_END_WAIT); // rethrows what stopped the stream: one line or a bug report, on a restored terminal
    }

    /** A signal: the UI thread leaves the screen and restores the terminal itself. */
    @Override
    public void stop(EventStream stream) {
        stopRequested.set(true);
        stopMonitor();
        stream.close();
    }

    private void stopMonitor() {
        Monitor m = monitor.get();
        if (m != null) {
            m.stop();
        }
    }

    @Override
    public Outcome finish(StreamEnd end) {
        if (!end.failed()) {
            err.println("nodescope: " + model.events() + " events monitored");
        }
        return Outcome.DONE;
    }

    /** A replay's "now" is the time of the newest event played, so ages and fading follow the recording. */
    private long replayClock() {
        long t = model.lastEventNanos();
        return t >= 0 ? t : WallClock.epochNanos();
    }
}
