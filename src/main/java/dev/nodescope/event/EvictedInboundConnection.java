package dev.nodescope.event;

/** net:evicted_inbound_connection: An inbound peer chosen for eviction. */
public record EvictedInboundConnection(EventMeta meta, long peerId, String addr, String connType, Network network, long timeEstablished) implements ConnectionEnded {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_EVICTED_INBOUND_CONNECTION;
    }
}
