package dev.nodescope.web.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sums per second over a sliding window of event time, in columns (say one per message type and
 * direction). Event time, not arrival time, so a replay draws the same series as the live run
 * did, whatever its speed. Each bucket is stamped with the revision of its last change, so a feed
 * can ask for only what changed since its last answer: a hundred browsers get the few buckets of
 * the last second each, not the whole window each.
 *
 * <p>Not thread-safe: the view folds and copies under its own lock.
 */
final class SecondBuckets {
    /**
     * The dashboard's window: 15 minutes at one bucket a second. Long enough to see a burst
     * against what came before it and a block or two arrive, short enough that a chart of 900
     * points draws in a blink and the memory stays small (900 buckets of a few dozen longs per
     * node and table).
     */
    static final int WINDOW_SECONDS = 900;

    private static final long NANOS = 1_000_000_000L;
    private static final long[] NONE = {};

    private final int seconds;
    /** Per slot (second modulo the window): the epoch second it holds, its last change and its sums. */
    private final long[] second;
    private final long[] changed;
    private final long[][] values;
    private long newest = Long.MIN_VALUE;

    SecondBuckets(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a window of at least one second");
        }
        this.seconds = seconds;
        this.second = new long[seconds];
        this.changed = new long[seconds];
        this.values = new long[seconds][];
        Arrays.fill(second, Long.MIN_VALUE);
        Arrays.fill(values, NONE);
    }

    /**
     * Adds {@code amount} to {@code column} of the second {@code epochNanos} falls in. An event
     * older than the window (a late one, or a clock step back) is not kept: the window only moves forward.
     */
    void add(long epochNanos, int column, long amount, long revision) {
        long s = Math.floorDiv(epochNanos, NANOS);
        if (s > newest) {
            newest = s;
        } else if (s <= newest - seconds) {
            return;
        }
        int slot = (int) Math.floorMod(s, (long) seconds);
        long[] v = values[slot];
        if (second[slot] != s) {
            // the slot held a second that left the window: start it over, keeping its array
            second[slot] = s;
            Arrays.fill(v, 0);
        }
        if (column >= v.length) {
            v = values[slot] = Arrays.copyOf(v, Math.max(column + 1, v.length * 2));
        }
        v[column] += amount;
        changed[slot] = revision;
    }

    /** The window now, with the buckets changed after {@code revision} (all of them for -1). */
    Window since(long revision) {
        if (newest == Long.MIN_VALUE) {
            return new Window(0, -1, List.of());
        }
        long from = newest - seconds + 1;
        List<long[]> buckets = new ArrayList<>();
        for (long s = from; s <= newest; s++) {
            int slot = (int) Math.floorMod(s, (long) seconds);
            if (second[slot] == s && changed[slot] > revision) {
                long[] v = values[slot];
                int width = v.length;
                while (width > 0 && v[width - 1] == 0) {
                    width--;
                }
                long[] bucket = new long[width + 1];
                bucket[0] = s;
                System.arraycopy(v, 0, bucket, 1, width);
                buckets.add(bucket);
            }
        }
        return new Window(from, newest, buckets);
    }

    /**
     * The window (epoch seconds {@code from} to {@code to}, both in; empty when {@code to < from})
     * and the buckets asked for, oldest first, each {@code [second, column0, column1, ...]} with
     * trailing zero columns left out. A second without a bucket had nothing.
     */
    record Window(long from, long to, List<long[]> buckets) {
    }
}
