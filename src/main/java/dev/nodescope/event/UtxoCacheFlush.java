package dev.nodescope.event;

/** utxocache:flush: The coins cache was written to disk; coins and memory are measured before the flush. */
public record UtxoCacheFlush(EventMeta meta, long durationUs, FlushMode mode, long coins, long memoryBytes, boolean forPrune) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.UTXOCACHE_FLUSH;
    }
}
