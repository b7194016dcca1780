package dev.nodescope.event;

/** A change of a coins cache entry; {@code height} is the height at which the coin was created. */
public sealed interface UtxoEvent extends TracepointEvent permits UtxoCacheAdd, UtxoCacheSpent, UtxoCacheUncache {
    String txid();

    long vout();

    long height();

    long value();

    boolean coinbase();
}
