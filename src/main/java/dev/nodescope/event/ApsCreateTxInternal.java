package dev.nodescope.event;

/** coin_selection:aps_create_tx_internal: The avoid-partial-spends attempt finished. */
public record ApsCreateTxInternal(EventMeta meta, String wallet, boolean useAps, boolean success, long fee, int changePos) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_APS_CREATE_TX_INTERNAL;
    }
}
