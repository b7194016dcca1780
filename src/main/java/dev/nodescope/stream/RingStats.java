package dev.nodescope.stream;

/**
 * How full the live extractor's kernel ring buffer was (an immutable snapshot): bytes waiting at
 * the last snapshot and the most seen waiting before a drain since the start, out of
 * {@code ringBytes}. A peak near the size means losses are near. Only a live source has a ring.
 */
public record RingStats(long ringBytes, long pendingBytes, long peakBytes) {
    public double fillRatio() {
        return ringBytes > 0 ? (double) pendingBytes / ringBytes : 0;
    }

    public double peakFillRatio() {
        return ringBytes > 0 ? (double) peakBytes / ringBytes : 0;
    }
}
