package dev.nodescope.watch;

import dev.nodescope.event.Evidence;
import java.util.Arrays;

/**
 * A count per fixed interval of event time, and what is normal for it: the median and the median
 * absolute deviation (MAD) of the last intervals, kept in a bounded ring. The detectors that learn
 * ({@code connection_churn}, {@code eviction_storm}, {@code bandwidth_surge}, {@code mempool_churn})
 * each keep one per subject.
 *
 * <p><b>Why median/MAD and not an EWMA mean and variance.</b> The baseline must not learn the attack
 * it is there to see. An EWMA mean moves towards the first abnormal interval at once and its variance
 * explodes with it, so the second abnormal interval already looks less abnormal, and an alert that
 * fired flaps. The median and the MAD of N intervals do not move at all until the abnormal intervals
 * are half of them: a surge is measured against the calm before it for N/2 intervals (30 minutes under
 * the defaults), and only a change that lasts longer becomes the new normal. Counts per interval are
 * bursty (a block, a reconnect) and the median ignores single spikes that would inflate a variance.
 * The price is a sort of N numbers once per interval (N = 60 by default), nothing per event.
 *
 * <p>The limit an interval must exceed is {@code median + factor * spread}, where the spread is
 * {@code 1.4826 * MAD} (the standard deviation for normal data) but never less than {@code
 * sqrt(median)} (a count of independent events varies at least that much: Poisson) nor 1 (a quiet
 * baseline of zeros must not make one event an anomaly); and never less than {@code minimum}, the
 * detector's absolute floor. Until the ring holds the warm-up's intervals it is not {@link #warm()}
 * and the detector stays quiet. The first interval, seen only in part, is not learned.
 *
 * <p>Intervals are whole seconds aligned to the epoch, so they close at the engine's ticks (which come
 * before any event after them): {@link #add} only adds, {@link #roll} at each tick closes.
 */
public final class RateBaseline {
    /** The factor that makes a MAD a standard deviation for normally distributed data. */
    private static final double MAD_TO_SIGMA = 1.4826;
    /** The most intervals kept, whatever the settings say (memory per subject stays a few KB). */
    public static final int MAX_INTERVALS = 1440;

    private final long intervalNanos;
    private final int warmIntervals;
    private final double factor;
    private final double minimum;
    private final double[] ring;
    private final double[] scratch;
    private int size;
    private int next;
    private double median;
    private double mad;

    private long intervalEnd = Long.MIN_VALUE;
    private boolean partial;
    private double current;

    private double closedValue;
    private double closedLimit;
    private boolean closedWarm;
    private double closedMedian;
    private double closedMad;

    private double signal;
    private double signalLimit;
    private long signalSpan;
    /** The baseline the signal was judged against (the median and MAD before the interval was learned). */
    private double signalMedian;
    private double signalMad;

    /** What {@link #judge} found. */
    public enum Verdict {
        /** Above the limit: the interval that closed, or already the one still open. */
        ABOVE,
        /** An interval closed at or below its limit (or while still warming up). */
        NORMAL,
        /** Nothing closed and the open interval is not above the limit (yet). */
        UNDECIDED
    }

    /**
     * @param intervalNanos the interval (rounded to whole seconds, at least one)
     * @param historyNanos  how far back the baseline reaches (intervals kept: history / interval)
     * @param warmupNanos   how much history it needs before it judges
     * @param factor        how many spreads above the median is abnormal
     * @param minimum       the least count that can be abnormal
     */
    public RateBaseline(long intervalNanos, long historyNanos, long warmupNanos, double factor, double minimum) {
        long sec = WatchEngine.TICK_NANOS;
        this.intervalNanos = Math.max(1, Math.round((double) intervalNanos / sec)) * sec;
        this.warmIntervals = (int) Math.min(MAX_INTERVALS, Math.max(1, ceilDiv(warmupNanos, this.intervalNanos)));
        int capacity = (int) Math.min(MAX_INTERVALS, Math.max(warmIntervals, ceilDiv(historyNanos, this.intervalNanos)));
        this.ring = new double[capacity];
        this.scratch = new double[capacity];
        this.factor = factor;
        this.minimum = minimum;
    }

    /**
     * One built from a learning detector's settings: {@code interval}, {@code baseline} (the history),
     * {@code warmup}, {@code factor}, and the floor named {@code minimum}.
     */
    public static RateBaseline of(Settings s, String minimum) {
        return new RateBaseline(s.nanos("interval"), s.nanos("baseline"), s.nanos("warmup"), s.number("factor"), s.number(minimum));
    }

    /**
     * Once per tick: closes the interval that ended by {@code now} and judges it against the baseline
     * before it; or, when none closed, whether the open interval is already above the limit (a count
     * only grows), so a surge is seen within seconds and not only at the interval's end.
     * {@link #signal()}, {@link #signalLimit()} and {@link #signalSpanNanos()} then tell the numbers.
     */
    public Verdict judge(long now) {
        if (roll(now)) {
            signal = closedValue;
            signalLimit = closedLimit;
            signalSpan = intervalNanos;
            signalMedian = closedMedian;
            signalMad = closedMad;
            return closedWarm && closedValue > closedLimit ? Verdict.ABOVE : Verdict.NORMAL;
        }
        if (current > 0 && warm()) {
            double limit = limit();
            if (current > limit) {
                signal = current;
                signalLimit = limit;
                signalMedian = median;
                signalMad = mad;
                signalSpan = now - (intervalEnd - intervalNanos);
                return Verdict.ABOVE;
            }
        }
        return Verdict.UNDECIDED;
    }

    /** The count {@link #judge} judged. */
    public double signal() {
        return signal;
    }

    /** The limit it was judged against. */
    public double signalLimit() {
        return signalLimit;
    }

    /** The time that count took (an interval, or the part of the open one so far). */
    public long signalSpanNanos() {
        return signalSpan;
    }

    /** The judged count and the baseline as evidence: {@code <measured>=.. median=.. mad=.. threshold=..} (to 0.01). */
    public Evidence.Builder evidence(String measured) {
        return Evidence.builder().put(measured, round(signal)).put("median", round(signalMedian)).put("mad", round(signalMad))
                .put("threshold", round(signalLimit));
    }

    /** {@code "in 1m (baseline median 3, MAD 1; threshold 12.5)"}, or {@code "in 12s so far"} for an open interval. */
    public String describe() {
        return "in " + Durations.text(signalSpan) + (signalSpan < intervalNanos ? " so far" : "") + " (baseline median "
                + Evidence.format(round(signalMedian)) + ", MAD " + Evidence.format(round(signalMad)) + "; threshold " + Evidence.format(round(signalLimit)) + ")";
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** {@code n} more in the interval of {@code now} (ticks closed the earlier ones). */
    public void add(long now, double n) {
        if (intervalEnd == Long.MIN_VALUE) {
            begin(now);
        }
        current += n;
    }

    /** Closes the intervals that ended by {@code now}; true when one did (then closed* say how it compared with the baseline before it). */
    boolean roll(long now) {
        if (intervalEnd == Long.MIN_VALUE) {
            begin(now);
            return false;
        }
        if (now < intervalEnd) {
            return false;
        }
        long closing = Math.min((now - intervalEnd) / intervalNanos + 1, ring.length + 1L);
        // the interval with the count is judged; any after it (no tick came: a replay's gap) held nothing
        closedValue = current;
        closedLimit = limit();
        closedWarm = warm();
        closedMedian = median;
        closedMad = mad;
        for (long i = 0; i < closing; i++) {
            if (i == 0 && partial) {
                partial = false;
            } else {
                push(i == 0 ? current : 0);
            }
        }
        current = 0;
        intervalEnd = Math.floorDiv(now, intervalNanos) * intervalNanos + intervalNanos;
        return true;
    }

    private void begin(long now) {
        intervalEnd = Math.floorDiv(now, intervalNanos) * intervalNanos + intervalNanos;
        partial = now > intervalEnd - intervalNanos;
    }

    private void push(double v) {
        ring[next] = v;
        next = (next + 1) % ring.length;
        if (size < ring.length) {
            size++;
        }
        System.arraycopy(ring, 0, scratch, 0, size);
        Arrays.sort(scratch, 0, size);
        median = middle(scratch, size);
        for (int i = 0; i < size; i++) {
            scratch[i] = Math.abs(scratch[i] - median);
        }
        Arrays.sort(scratch, 0, size);
        mad = middle(scratch, size);
    }

    private static double middle(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The count above which an interval is abnormal, by the baseline now. */
    public double limit() {
        double spread = Math.max(MAD_TO_SIGMA * mad, Math.max(Math.sqrt(median), 1));
        return Math.max(median + factor * spread, minimum);
    }

    /** Whether it has learned its warm-up's intervals. */
    public boolean warm() {
        return size >= warmIntervals;
    }

    /** The count so far in the interval not yet closed. */
    public double current() {
        return current;
    }

    public double median() {
        return median;
    }

    public double mad() {
        return mad;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** Intervals learned. */
    public int size() {
        return size;
    }

    private static long ceilDiv(long a, long b) {
        return Math.max(0, -Math.floorDiv(-a, b));
    }
}
