package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** mempool:rejected: A single transaction was rejected by the mempool. */
@EventKind(struct = "ns_mempool_rejected")
public record MempoolRejected(
        EventMeta meta,
        @EventField(wire = 1, c = "txid", encoding = WireEncoding.HASH, doc = "txid") String txid,
        @EventField(wire = 2, c = "reason", doc = "reject reason, e.g. min relay fee not met") String reason) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REJECTED;
    }
}
