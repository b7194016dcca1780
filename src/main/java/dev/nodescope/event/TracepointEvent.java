package dev.nodescope.event;

/** An event produced by one hit of a Bitcoin Core tracepoint. */
public sealed interface TracepointEvent extends Event
        permits MessageEvent, ConnectionOpened, ConnectionEnded, UtxoEvent, MisbehavingConnection,
        BlockConnected, UtxoCacheFlush, SelectedCoins, NormalCreateTxInternal, AttemptingApsCreateTx,
        ApsCreateTxInternal, MempoolAdded, MempoolRemoved, MempoolReplaced, MempoolRejected {

    /**
     * The value of a string or hash argument that the BPF program could not read from the traced
     * process (a bad pointer): never "" nor 64 zeros, which could be taken for real values. Each
     * is also counted as a {@code read_user} loss.
     */
    String UNREADABLE = "(unreadable)";

    Tracepoint tracepoint();

    @Override
    default String name() {
        return tracepoint().fullName();
    }
}
