package dev.nodescope.traffic;

/**
 * The time a pass over a source covers: from {@code --from}, else its first event, to
 * {@code --to}, else its last event (epoch ns). Shared by the tallies of one pass, so two nodes
 * read together are measured over the same hours and their time blocks line up. A {@code --to}
 * past the end of the source's data ends the window at the last event read instead: time in
 * which nothing was recorded would dilute every rate.
 */
final class Window {
    private final long from;
    private final long to;
    private long start = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;
    /** Set when the source's data ended before {@code --to}. */
    private boolean cut;

    /** {@code from}, {@code to}: the bounds given, or {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE}. */
    Window(long from, long to) {
        this.from = from;
        this.to = to;
        if (from != Long.MIN_VALUE) {
            start = from;
        }
    }

    /** Sees an event's time; returns its offset from the window's start. */
    long see(long nanos) {
        if (start == Long.MIN_VALUE) {
            start = nanos;
        }
        if (nanos > last) {
            last = nanos;
        }
        return nanos - start;
    }

    /**
     * The source has ended, holding data up to {@code dataEndNanos}: when that is before
     * {@code --to}, the window ends at the last event read. Returns whether it was cut so.
     */
    boolean sourceEnded(long dataEndNanos) {
        cut = to != Long.MAX_VALUE && dataEndNanos < to;
        return cut;
    }

    long start() {
        return start;
    }

    /** {@code --to} as given, for messages. */
    long to() {
        return to;
    }

    /** The end: {@code --to} if given and the data reach it, else the last event seen. */
    long end() {
        if (to != Long.MAX_VALUE && !cut) {
            return to;
        }
        return last == Long.MIN_VALUE ? start : last;
    }
}
