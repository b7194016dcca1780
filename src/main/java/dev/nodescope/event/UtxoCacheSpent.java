package dev.nodescope.event;

/** utxocache:spent: A coin was spent from a coins cache; {@code height} is its creation height. */
public record UtxoCacheSpent(EventMeta meta, String txid, long vout, long height, long value, boolean coinbase) implements UtxoEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.UTXOCACHE_SPENT;
    }
}
