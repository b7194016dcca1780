package dev.nodescope.event;

/** coin_selection:selected_coins: Coin selection succeeded. */
public record SelectedCoins(EventMeta meta, String wallet, String algorithm, long target, long waste, long selectedValue) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_SELECTED_COINS;
    }
}
