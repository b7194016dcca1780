package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** validation:block_connected: A block was connected to the active chain; {@code durationNs} is ConnectBlock's time (µs on v23/v24 binaries). */
@EventKind(struct = "ns_block_connected")
public record BlockConnected(
        EventMeta meta,
        @EventField(wire = 1, c = "hash", encoding = WireEncoding.HASH, doc = "block hash") String hash,
        @EventField(wire = 2, c = "height", doc = "block height") int height,
        @EventField(wire = 3, c = "transactions", doc = "transactions in the block") long transactions,
        @EventField(wire = 4, c = "inputs", doc = "inputs of all its transactions, the coinbase's included") int inputs,
        @EventField(wire = 5, c = "sigops", doc = "weighted sigop cost, the coinbase's included") long sigops,
        @EventField(wire = 6, c = "duration", unit = "ns", doc = "time ConnectBlock took (µs on v23/v24 binaries)") long durationNs) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.VALIDATION_BLOCK_CONNECTED;
    }
}
