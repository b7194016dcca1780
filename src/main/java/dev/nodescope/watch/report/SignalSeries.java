package dev.nodescope.watch.report;

import java.util.Arrays;

/**
 * One alert's signal against its threshold over its life, as the detector measured it (from the
 * first time its condition held until it resolved). Bounded: at {@link #MAX_POINTS} every other
 * point goes and from then on only every second measurement is kept, and so on (a 900-pixel plot
 * shows no more).
 */
final class SignalSeries {
    static final int MAX_POINTS = 1_000;

    final String alert;
    final String node;
    final String subject;
    long firedAt = -1;
    long resolvedAt = -1;
    private long[] times = new long[16];
    private double[] signals = new double[16];
    private double[] thresholds = new double[16];
    private int size;
    private int stride = 1;
    private long seen;
    /** The last threshold given: a clear measurement has none, the line goes on at the last. */
    private double lastThreshold = Double.NaN;

    SignalSeries(String alert, String node, String subject) {
        this.alert = alert;
        this.node = node;
        this.subject = subject;
    }

    void add(long at, double signal, double threshold) {
        if (!Double.isNaN(threshold)) {
            lastThreshold = threshold;
        }
        if (seen++ % stride != 0) {
            return;
        }
        if (size == MAX_POINTS) {
            for (int i = 0; i < size / 2; i++) {
                times[i] = times[2 * i];
                signals[i] = signals[2 * i];
                thresholds[i] = thresholds[2 * i];
            }
            size /= 2;
            stride *= 2;
        }
        if (size == times.length) {
            int n = Math.min(MAX_POINTS, size * 2);
            times = Arrays.copyOf(times, n);
            signals = Arrays.copyOf(signals, n);
            thresholds = Arrays.copyOf(thresholds, n);
        }
        times[size] = at;
        signals[size] = signal;
        thresholds[size] = lastThreshold;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    double signal(int i) {
        return signals[i];
    }

    /** The threshold in force at point i (NaN before the detector gave one). */
    double threshold(int i) {
        return thresholds[i];
    }
}
