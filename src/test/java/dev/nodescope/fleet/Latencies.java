package dev.nodescope.fleet;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies recorded on one thread (a stream's), as wall-clock now minus each event's time (the
 * kernel timestamp of its hit, as epoch): every sample is kept, so percentiles are exact.
 */
final class Latencies {
    private long[] nanos = new long[1 << 16];
    private int count;

    static long nowEpochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** p50 p90 p99 p99.9 max in milliseconds, or dashes when nothing was recorded. */
    String percentiles() {
        if (count == 0) {
            return String.format(Locale.ROOT, "%8s %8s %8s %8s %8s", "-", "-", "-", "-", "-");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        StringBuilder s = new StringBuilder();
        for (double q : new double[] {0.50, 0.90, 0.99, 0.999}) {
            s.append(String.format(Locale.ROOT, "%8.2f ", sorted[(int) Math.min(count - 1, Math.ceil(q * count) - 1)] / 1e6));
        }
        return s.append(String.format(Locale.ROOT, "%8.2f", sorted[count - 1] / 1e6)).toString();
    }
}
