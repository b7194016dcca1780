package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** mempool:replaced: A transaction was replaced (RBF); {@code replacementIsTx} is null on binaries whose tracepoint has 7 arguments (before v29). Replacement fees are modified fees. */
@EventKind(struct = "ns_mempool_replaced")
public record MempoolReplaced(
        EventMeta meta,
        @EventField(wire = 1, c = "replaced_txid", encoding = WireEncoding.HASH, doc = "txid of the replaced transaction") String replacedTxid,
        @EventField(wire = 2, c = "replaced_vsize", unit = "vB", doc = "its virtual size") int replacedVsize,
        @EventField(wire = 3, c = "replaced_fee", unit = "sat", doc = "its fee") long replacedFee,
        @EventField(wire = 4, c = "replaced_entry_time", unit = "epoch s", text = false, doc = "when it entered the mempool") long replacedEntryTime,
        @EventField(wire = 5, c = "replacement_id", encoding = WireEncoding.HASH, doc = "txid of the replacement, or the package hash when a package replaced it") String replacementId,
        @EventField(wire = 6, c = "replacement_vsize", unit = "vB", doc = "virtual size of the replacement (package)") int replacementVsize,
        @EventField(wire = 7, c = "replacement_fee", unit = "sat", doc = "modified fees of the replacement (package)") long replacementFee,
        @EventField(wire = 8, c = "replacement_is_tx", doc = "whether replacement_id is a txid (false: a package hash); null from v25-v28 binaries, whose tracepoint has 7 arguments") Boolean replacementIsTx) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REPLACED;
    }
}
