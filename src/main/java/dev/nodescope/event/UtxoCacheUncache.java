package dev.nodescope.event;

/** utxocache:uncache: A non-dirty coin was dropped from a coins cache; {@code height} is its creation height. */
public record UtxoCacheUncache(EventMeta meta, String txid, long vout, long height, long value, boolean coinbase) implements UtxoEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.UTXOCACHE_UNCACHE;
    }
}
