package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/** coin_selection:selected_coins: Coin selection succeeded. */
@EventKind(struct = "ns_selected_coins")
public record SelectedCoins(
        EventMeta meta,
        @EventField(wire = 1, c = "wallet", doc = "wallet name") String wallet,
        @EventField(wire = 2, c = "algo", doc = "coin selection algorithm, e.g. bnb, knapsack, srd, cg") String algorithm,
        @EventField(wire = 3, c = "target", unit = "sat", doc = "selection target") long target,
        @EventField(wire = 4, c = "waste", unit = "sat", doc = "waste metric of the selection") long waste,
        @EventField(wire = 5, c = "selected_value", unit = "sat", doc = "total value of the selected inputs") long selectedValue) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_SELECTED_COINS;
    }
}
