package dev.nodescope.event;

/** net:outbound_connection: A new outbound peer connection (any non-inbound type). */
public record OutboundConnection(EventMeta meta, long peerId, String addr, String connType, Network network, long existingConnections) implements ConnectionOpened {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_OUTBOUND_CONNECTION;
    }
}
