package dev.nodescope.bench;

/** One row of a bench dataset: a connected block or a UTXO cache flush, in the order they happened. */
public sealed interface Row permits BlockRow, FlushRow {
    /** Height of the block (for a flush: of the last block connected before it, -1 if none yet). */
    int height();

    /** Duration in nanoseconds (a flush's microseconds are scaled, so one column holds both). */
    long durationNs();

    /** When it happened (UTC, ns since the epoch; 0 if unknown). */
    long epochNanos();
}
