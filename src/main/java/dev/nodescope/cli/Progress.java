package dev.nodescope.cli;

import dev.nodescope.tool.Bytes;
import dev.nodescope.bpf.Libc;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr for long reads, drawn only when stderr is a terminal (never into logs
 * or pipes) and redrawn in place a few times a second.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final String CLEAR = "\r" + " ".repeat(WIDTH + 60) + "\r";
    private final Thread thread;
    private final PrintStream err = System.err;
    private volatile boolean done;
    /** Whether the bar is on the terminal's last line now (guarded by {@code err}). */
    private boolean shown;

    private Progress(String label, LongSupplier current, LongSupplier total) {
        // other lines for stderr (damage reports, totals) first take the bar off its line
        System.setErr(new PrintStream(err, true) {
            @Override
            public void println(String line) {
                synchronized (err) {
                    clearLocked();
                    err.println(line);
                }
            }
        });
        thread = Thread.ofPlatform().daemon(true).name("nodescope-progress").start(() -> {
            while (!done) {
                long t = total.getAsLong();
                if (t > 0) {
                    draw(label, current.getAsLong(), t);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** A bar when stderr is a terminal and {@code wanted}; otherwise nothing. */
    static AutoCloseable start(String label, LongSupplier current, LongSupplier total, boolean wanted) {
        if (!wanted || !isTerminal(2)) {
            return () -> { };
        }
        return new Progress(label, current, total);
    }

    static boolean isTerminal(int fd) {
        try {
            return Libc.isatty(fd);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void draw(String label, long current, long total) {
        double f = Math.min(1.0, (double) current / total);
        int filled = (int) Math.round(f * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        synchronized (err) {
            // padded: a shorter line than the last one must not leave its tail behind
            String text = String.format(Locale.ROOT, "%s [%s] %3.0f%% %s/%s", label, bar, f * 100, Bytes.human(current),
                    Bytes.human(total));
            err.print("\r" + text + " ".repeat(Math.max(0, CLEAR.length() - 2 - text.length())));
            err.flush();
            shown = true;
        }
    }

    private void clearLocked() {
        if (shown) {
            err.print(CLEAR);
            shown = false;
        }
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (err) {
            clearLocked();
            err.flush();
        }
        System.setErr(err);
    }
}
