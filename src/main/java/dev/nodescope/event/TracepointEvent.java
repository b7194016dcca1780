package dev.nodescope.event;

/** An event produced by one hit of a Bitcoin Core tracepoint. */
public sealed interface TracepointEvent extends Event
        permits MessageEvent, ConnectionOpened, ConnectionEnded, UtxoEvent, MisbehavingConnection,
        BlockConnected, UtxoCacheFlush, SelectedCoins, NormalCreateTxInternal, AttemptingApsCreateTx,
        ApsCreateTxInternal, MempoolAdded, MempoolRemoved, MempoolReplaced, MempoolRejected {

    Tracepoint tracepoint();

    @Override
    default String name() {
        return tracepoint().fullName();
    }
}
