package dev.nodescope.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code bench record} shows while it runs, on stderr: once per second of the node's time
 * the height and the rates (blocks, transactions, inputs, sigops per second, as
 * connectblock_benchmark.bt prints them), and every block slower than a threshold. Seconds are
 * counted on the events' kernel timestamps, not the wall clock, so a replayed run shows the rates
 * the node had. On a terminal, with a known end height, the rate line is a progress bar
 * rewritten in place.
 */
public final class SyncProgress {
    private static final long SECOND = 1_000_000_000L;
    private static final int BAR = 30;

    private final PrintStream err;
    private final Integer fromHeight;
    private final Integer toHeight;
    private final long slowNs;
    private final boolean bar;
    private long windowStartMono = Long.MIN_VALUE;
    private long blocks;
    private long transactions;
    private long inputs;
    private long sigops;
    private boolean barShown;

    public SyncProgress(PrintStream err, Integer fromHeight, Integer toHeight, long slowNs, boolean terminal) {
        this.err = err;
        this.fromHeight = fromHeight;
        this.toHeight = toHeight;
        this.slowNs = slowNs;
        this.bar = terminal && toHeight != null;
    }

    /** A block was recorded; {@code monoNs} is its kernel timestamp. */
    public void block(BlockRow b, long monoNs) {
        if (windowStartMono == Long.MIN_VALUE) {
            windowStartMono = monoNs;
        }
        blocks++;
        transactions += b.transactions();
        inputs += b.inputs();
        sigops += b.sigops();
        if (b.durationNs() >= slowNs) {
            clearBar();
            err.printf(Locale.ROOT, "slow block %d %s: %d tx, %d inputs, %d sigops, %.1f ms%n", b.height(), b.hash(),
                    b.transactions(), b.inputs(), b.sigops(), b.durationNs() / 1e6);
        }
        long elapsed = monoNs - windowStartMono;
        if (elapsed >= SECOND) {
            double s = elapsed / 1e9;
            String rates = String.format(Locale.ROOT, "height %d  %.0f blk/s  %.0f tx/s  %.0f inputs/s  %.0f sigops/s", b.height(),
                    blocks / s, transactions / s, inputs / s, sigops / s);
            if (bar) {
                err.print("\r" + bar(b.height()) + "  " + rates + "\033[K");
                err.flush();
                barShown = true;
            } else {
                err.println(rates);
            }
            windowStartMono = monoNs;
            blocks = transactions = inputs = sigops = 0;
        }
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    public void finish() {
        clearBar();
    }

    private String bar(int height) {
        int from = fromHeight != null ? fromHeight : 0;
        double done = toHeight <= from ? 1 : Math.clamp((height - from) / (double) (toHeight - from), 0, 1);
        int filled = (int) Math.round(done * BAR);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3.0f%%", done * 100);
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\033[K");
            barShown = false;
        }
    }
}
