package dev.nodescope.event;

/** mempool:added: A transaction entered the mempool; {@code fee} is the base fee. */
public record MempoolAdded(EventMeta meta, String txid, int vsize, long fee) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.MEMPOOL_ADDED;
    }
}
