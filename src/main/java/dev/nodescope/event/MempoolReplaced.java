package dev.nodescope.event;

/** mempool:replaced: A transaction was replaced (RBF); {@code replacementIsTx} is null on binaries whose tracepoint has 7 arguments (before v29). Replacement fees are modified fees. */
public record MempoolReplaced(EventMeta meta, String replacedTxid, int replacedVsize, long replacedFee, long replacedEntryTime, String replacementId, int replacementVsize, long replacementFee, Boolean replacementIsTx) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REPLACED;
    }
}
