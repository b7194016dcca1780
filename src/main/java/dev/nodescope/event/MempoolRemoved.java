package dev.nodescope.event;

/** mempool:removed: A transaction left the mempool, for any reason including {@code block}. */
public record MempoolRemoved(EventMeta meta, String txid, String reason, int vsize, long fee, long entryTime) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_REMOVED;
    }
}
