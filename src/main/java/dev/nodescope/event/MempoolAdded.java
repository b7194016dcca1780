package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** mempool:added: A transaction entered the mempool; {@code fee} is the base fee. */
@EventKind(struct = "ns_mempool_added")
public record MempoolAdded(
        EventMeta meta,
        @EventField(wire = 1, c = "txid", encoding = WireEncoding.HASH, doc = "txid") String txid,
        @EventField(wire = 2, c = "vsize", unit = "vB", doc = "virtual size") int vsize,
        @EventField(wire = 3, c = "fee", unit = "sat", doc = "base fee (without prioritisetransaction deltas)") long fee) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_ADDED;
    }
}
