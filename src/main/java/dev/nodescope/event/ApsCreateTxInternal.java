package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** coin_selection:aps_create_tx_internal: The avoid-partial-spends attempt finished. */
@EventKind(struct = "ns_create_tx")
public record ApsCreateTxInternal(
        EventMeta meta,
        @EventField(wire = 1, c = "wallet", doc = "wallet name") String wallet,
        @EventField(wire = 2, c = "use_aps", doc = "whether the avoid-partial-spends transaction is used") boolean useAps,
        @EventField(wire = 3, c = "success", doc = "whether a transaction was made") boolean success,
        @EventField(wire = 4, c = "fee", unit = "sat", doc = "fee of the transaction") long fee,
        @EventField(wire = 5, c = "change_pos", encoding = WireEncoding.SINT64, doc = "position of the change output, -1 without change") int changePos) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_APS_CREATE_TX_INTERNAL;
    }
}
