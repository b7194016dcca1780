package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** mempool:removed: A transaction left the mempool, for any reason including {@code block}. */
@EventKind(struct = "ns_mempool_removed")
public record MempoolRemoved(
        EventMeta meta,
        @EventField(wire = 1, c = "txid", encoding = WireEncoding.HASH, doc = "txid") String txid,
        @EventField(wire = 2, c = "reason", doc = "expiry, sizelimit, reorg, block, conflict or replaced") String reason,
        @EventField(wire = 3, c = "vsize", unit = "vB", doc = "virtual size") int vsize,
        @EventField(wire = 4, c = "fee", unit = "sat", doc = "base fee") long fee,
        @EventField(wire = 5, c = "entry_time", unit = "epoch s", text = false, doc = "when it entered the mempool") long entryTime) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REMOVED;
    }
}
