package dev.nodescope.watch;

/**
 * A count over a sliding window of event time, in a fixed number of buckets (so its memory is
 * fixed and an add is a few arithmetic operations): the sum covers the last {@code window} up to
 * one bucket's width of slack. Sixteen 1/16 buckets make the sum exact to 6% of the window.
 */
public final class WindowCounter {
    private final long bucketNanos;
    private final double[] buckets;
    /** The bucket number (time / width) of the newest bucket written. */
    private long head = Long.MIN_VALUE;
    private double sum;

    public WindowCounter(long windowNanos, int bucketCount) {
        if (windowNanos <= 0 || bucketCount <= 0) {
            throw new IllegalArgumentException("window and buckets must be positive");
        }
        this.bucketNanos = Math.max(1, windowNanos / bucketCount);
        this.buckets = new double[bucketCount];
    }

    public WindowCounter(long windowNanos) {
        this(windowNanos, 16);
    }

    public void add(long now, double n) {
        roll(now);
        buckets[(int) Math.floorMod(head, (long) buckets.length)] += n;
        sum += n;
    }

    /** The count over the window ending at {@code now}. */
    public double sum(long now) {
        roll(now);
        return sum;
    }

    /** Whether nothing is left in the window (the owner may drop it). */
    public boolean isEmpty(long now) {
        return sum(now) <= 0;
    }

    private void roll(long now) {
        long b = Math.floorDiv(now, bucketNanos);
        if (head == Long.MIN_VALUE) {
            head = b;
            return;
        }
        if (b <= head) {
            return;
        }
        long steps = b - head;
        if (steps >= buckets.length) {
            java.util.Arrays.fill(buckets, 0);
            sum = 0;
        } else {
            for (long i = 1; i <= steps; i++) {
                int idx = (int) Math.floorMod(head + i, (long) buckets.length);
                sum -= buckets[idx];
                buckets[idx] = 0;
            }
            if (sum < 1e-9) {
                sum = 0;
            }
        }
        head = b;
    }
}
