package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** A change of a coins cache entry; {@code height} is the height at which the coin was created. */
@EventKind(struct = "ns_utxo")
public sealed interface UtxoEvent extends TracepointEvent permits UtxoCacheAdd, UtxoCacheSpent, UtxoCacheUncache {
    @EventField(wire = 1, c = "txid", encoding = WireEncoding.HASH, doc = "txid of the coin's transaction")
    String txid();

    @EventField(wire = 2, c = "vout", doc = "output index")

    long vout();

    @EventField(wire = 3, c = "height", doc = "height at which the coin was created")

    long height();

    @EventField(wire = 4, c = "value", unit = "sat", doc = "amount")

    long value();

    @EventField(wire = 5, c = "coinbase", doc = "whether the coin is a coinbase output")

    boolean coinbase();
}
