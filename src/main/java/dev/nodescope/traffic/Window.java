package dev.nodescope.traffic;

/**
 * The time a pass over a source covers: from {@code --from}, else its first event, to
 * {@code --to}, else its last event (epoch ns). Shared by the tallies of one pass, so two nodes
 * read together are measured over the same hours and their time blocks line up.
 */
final class Window {
    private final long from;
    private final long to;
    private long start = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;

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

    long start() {
        return start;
    }

    /** The end: {@code --to} if given, else the last event seen. */
    long end() {
        if (to != Long.MAX_VALUE) {
            return to;
        }
        return last == Long.MIN_VALUE ? start : last;
    }
}
