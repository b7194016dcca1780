package dev.nodescope.event;

/** utxocache:add: A coin was added to a coins cache (also temporary caches). */
public record UtxoCacheAdd(EventMeta meta, String txid, long vout, long height, long value, boolean coinbase) implements UtxoEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.UTXOCACHE_ADD;
    }
}
