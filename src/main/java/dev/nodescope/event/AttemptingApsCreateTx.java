package dev.nodescope.event;

/** coin_selection:attempting_aps_create_tx: An avoid-partial-spends attempt is about to start. */
public record AttemptingApsCreateTx(EventMeta meta, String wallet) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.COIN_SELECTION_ATTEMPTING_APS_CREATE_TX;
    }
}
