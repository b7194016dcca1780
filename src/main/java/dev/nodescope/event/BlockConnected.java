package dev.nodescope.event;

/** validation:block_connected: A block was connected to the active chain; {@code durationNs} is ConnectBlock's time (µs on v23/v24 binaries). */
public record BlockConnected(EventMeta meta, String hash, int height, long transactions, int inputs, long sigops, long durationNs) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.VALIDATION_BLOCK_CONNECTED;
    }
}
