package dev.nodescope.bench;

import dev.nodescope.event.FlushMode;

/**
 * One UTXO cache flush ({@code utxocache:flush}), placed after the block connected before it.
 * Coins and memory are measured before the flush, as Bitcoin Core reports them.
 */
public record FlushRow(int height, FlushMode mode, long durationNs, long coins, long memoryBytes, boolean forPrune, long epochNanos)
        implements Row {
}
