package dev.nodescope.traffic;

/**
 * The time a pass over a source covers: from {@code --from}, else its first event, to
 * {@code --to}, else its last event (epoch ns). Shared by the tallies of one pass, so two nodes
 * read together are measured over the same hours and their time blocks line up. A bound past
 * the source's data is not taken as given (time in which nothing was recorded would dilute every
 * rate): a {@code --from} before the data begin starts the window at the first event read, a
 * {@code --to} after they end ends it at the last event read.
 */
final class Window {
    private final long to;
    private long start = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;
    /** Set when the source's data begin after {@code --from}. */
    private final boolean startCut;
    /** Set when the source's data ended before {@code --to}. */
    private boolean endCut;
    private final long from;

    Window(TrafficTool.Bounds bounds) {
        this.from = bounds.from();
        this.to = bounds.to();
        this.startCut = from != Long.MIN_VALUE && bounds.dataStart() > from;
        if (from != Long.MIN_VALUE && !startCut) {
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
     * {@code --to}, the window ends at the last event read.
     */
    void sourceEnded(long dataEndNanos) {
        endCut = to != Long.MAX_VALUE && dataEndNanos < to;
    }

    /** Whether the window starts at the first event read although {@code --from} was given (the data begin after it). */
    boolean startCut() {
        return startCut;
    }

    /** Whether the window ends at the last event read although {@code --to} was given (the data end before it). */
    boolean endCut() {
        return endCut;
    }

    /** {@code --from} as given, for messages. */
    long from() {
        return from;
    }

    /** {@code --to} as given, for messages. */
    long to() {
        return to;
    }

    long start() {
        return start;
    }

    /** The end: {@code --to} if given and the data reach it, else the last event seen. */
    long end() {
        if (to != Long.MAX_VALUE && !endCut) {
            return to;
        }
        return last == Long.MIN_VALUE ? start : last;
    }
}
