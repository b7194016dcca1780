package dev.nodescope.node;

/**
 * Events per second over the last {@link #SECONDS} whole seconds of event time, in one-second
 * buckets: a fixed few longs however busy the node is, and replays get the recording's rates.
 */
final class RateWindow {
    static final int SECONDS = 10;
    private static final long SECOND = 1_000_000_000L;

    private final long[] counts = new long[SECONDS];
    private final long[] bucketSecond = new long[SECONDS];

    RateWindow() {
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    void add(long epochNanos) {
        long second = Math.floorDiv(epochNanos, SECOND);
        int i = (int) Math.floorMod(second, SECONDS);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** The rate over the {@link #SECONDS} whole seconds before the one {@code nowNanos} is in. */
    double perSecond(long nowNanos) {
        long current = Math.floorDiv(nowNanos, SECOND);
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            long age = current - bucketSecond[i];
            if (age >= 1 && age <= SECONDS) {
                sum += counts[i];
            }
        }
        return (double) sum / SECONDS;
    }
}
