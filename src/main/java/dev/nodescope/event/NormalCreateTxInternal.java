package dev.nodescope.event;

/** coin_selection:normal_create_tx_internal: The first CreateTransactionInternal attempt finished; {@code changePos} is -1 without change. */
public record NormalCreateTxInternal(EventMeta meta, String wallet, boolean success, long fee, int changePos) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL;
    }
}
