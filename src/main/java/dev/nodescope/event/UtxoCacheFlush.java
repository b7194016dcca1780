package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/** utxocache:flush: The coins cache was written to disk; coins and memory are measured before the flush. */
@EventKind(struct = "ns_flush")
public record UtxoCacheFlush(
        EventMeta meta,
        @EventField(wire = 1, c = "duration_us", unit = "µs", doc = "time the flush took") long durationUs,
        @EventField(wire = 2, c = "mode", doc = "FlushStateMode: NONE, IF_NEEDED, PERIODIC, FORCE_FLUSH, FORCE_SYNC (UNKNOWN: newer than this nodescope)") FlushMode mode,
        @EventField(wire = 3, c = "coins", doc = "coins in the cache before the flush") long coins,
        @EventField(wire = 4, c = "memory", unit = "bytes", doc = "cache memory before the flush") long memoryBytes,
        @EventField(wire = 5, c = "for_prune", doc = "whether the flush is for pruning") boolean forPrune) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.UTXOCACHE_FLUSH;
    }
}
