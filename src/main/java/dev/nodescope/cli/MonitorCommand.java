package dev.nodescope.cli;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import dev.nodescope.event.Attached;
import dev.nodescope.monitor.Monitor;
import dev.nodescope.monitor.MonitorModel;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.Pacing;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nodescope monitor}: a full-screen live view of peers, messages, blocks, mempool and losses (docs/monitor.md). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Full-screen terminal view of a bitcoind's peers and messages, blocks, mempool and losses (docs/monitor.md).")
final class MonitorCommand implements Callable<Integer> {
    /** Payload bytes copied per message: enough to summarise almost every message in the peer view. */
    static final int PAYLOAD_MAX = 65_536;
    /** How long to wait for the attach before the screen opens (errors then print as one line, not in the UI). */
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        EventSource source = target.source(PAYLOAD_MAX); // bad flags first
        if (source instanceof Pacing pacing && target.replayOptions.speed == null) {
            pacing.speed(1); // a person watches a replay at the recorded pace unless told otherwise
        }
        return show(source, false);
    }

    /**
     * Shows {@code source} full screen until q, Ctrl-C or a signal (also {@code demo --monitor}'s screen).
     *
     * @param attachAll attach every selected tracepoint, also those the monitor does not show (counted,
     *                  not decoded): the demo's stand-in node plays all of them and waits for all to be attached
     */
    static int show(EventSource source, boolean attachAll) throws Exception {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new IllegalArgumentException("monitor needs a terminal on standard input and output"
                    + " (ssh -t, tmux); for pipes and files use nodescope log");
        }
        // Ctrl-C arrives as a key (TRAP), so quitting always goes through the same restore path
        UnixTerminal terminal = new UnixTerminal(System.in, System.out, StandardCharsets.UTF_8,
                UnixLikeTerminal.CtrlCBehaviour.TRAP);
        MonitorModel model = new MonitorModel();
        EventStream stream = EventStream.open(source);
        if (attachAll) {
            stream.countUnhandled();
        }
        model.register(stream); // per event type: only the tracepoints the monitor shows are attached
        CountDownLatch attachedOrEnded = new CountDownLatch(1);
        stream.onEvent(Attached.class, a -> attachedOrEnded.countDown());
        AtomicReference<Monitor> monitor = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        stream.onClose(() -> {
            ended.set(true);
            attachedOrEnded.countDown();
            Monitor m = monitor.get();
            if (m != null) {
                m.sourceEnded();
            }
        });
        TerminalScreen screen = null;
        CountDownLatch restored = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM/SIGINT: let the UI thread leave the screen and restore the terminal itself
            Monitor m = monitor.get();
            if (m != null) {
                m.stop();
            }
            try {
                restored.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nodescope-monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TerminalSize size = terminal.getTerminalSize();
            if (size.getColumns() < Monitor.MIN_WIDTH || size.getRows() < Monitor.MIN_HEIGHT) {
                throw new IllegalArgumentException("terminal too small: " + size.getColumns() + "x" + size.getRows()
                        + ", monitor needs at least " + Monitor.MIN_WIDTH + "x" + Monitor.MIN_HEIGHT);
            }
            stream.startAsync();
            attachedOrEnded.await(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (ended.get()) {
                // it ended before the screen opened: an attach error is rethrown here, as one line once restored
                stream.awaitTermination(Duration.ofSeconds(5));
            }
            LongSupplier clock = source instanceof Pacing ? () -> replayClock(model) : MonitorCommand::wallClock;
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            screen.setCursorPosition(null);
            Monitor m = new Monitor(screen, model, source, clock, ZoneId.systemDefault());
            monitor.set(m);
            if (ended.get()) {
                m.sourceEnded();
            }
            // a stream that fails while the screen is up (the node's binary gone, a handler bug) closes it
            Thread.ofPlatform().daemon(true).name("nodescope-monitor-watch").start(() -> {
                try {
                    stream.awaitTermination(Duration.ofDays(365));
                } catch (Exception e) {
                    m.stop();
                }
            });
            m.run();
        } finally {
            try {
                if (screen != null) {
                    screen.stopScreen();
                }
                terminal.close();
            } finally {
                restored.countDown();
            }
        }
        stream.close();
        stream.awaitTermination(Duration.ofSeconds(15)); // rethrows what stopped the stream: one line by Main
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the terminal is restored
        }
        System.err.println("nodescope: " + model.events() + " events monitored");
        Summary.printLosses(source.stats(), System.err);
        return 0;
    }

    private static long wallClock() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A replay's "now" is the time of the newest event played, so ages and fading follow the recording. */
    private static long replayClock(MonitorModel model) {
        long t = model.lastEventNanos();
        return t >= 0 ? t : wallClock();
    }
}
