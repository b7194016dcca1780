package dev.nodescope.event;

/** mempool:rejected: A single transaction was rejected by the mempool. */
public record MempoolRejected(EventMeta meta, String txid, String reason) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REJECTED;
    }
}
