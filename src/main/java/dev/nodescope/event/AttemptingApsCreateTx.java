package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/** coin_selection:attempting_aps_create_tx: An avoid-partial-spends attempt is about to start. */
@EventKind(struct = "ns_wallet")
public record AttemptingApsCreateTx(
        EventMeta meta,
        @EventField(wire = 1, c = "wallet", doc = "wallet name") String wallet) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_ATTEMPTING_APS_CREATE_TX;
    }
}
