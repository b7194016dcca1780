package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** coin_selection:normal_create_tx_internal: The first CreateTransactionInternal attempt finished; {@code changePos} is -1 without change. */
@EventKind(struct = "ns_create_tx")
public record NormalCreateTxInternal(
        EventMeta meta,
        @EventField(wire = 1, c = "wallet", doc = "wallet name") String wallet,
        @EventField(wire = 2, c = "success", doc = "whether a transaction was made") boolean success,
        @EventField(wire = 3, c = "fee", unit = "sat", doc = "fee of the transaction") long fee,
        @EventField(wire = 4, c = "change_pos", encoding = WireEncoding.SINT64, doc = "position of the change output, -1 without change") int changePos) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL;
    }
}
