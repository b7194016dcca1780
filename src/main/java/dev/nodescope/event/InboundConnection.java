package dev.nodescope.event;

/** net:inbound_connection: A new inbound peer connection. */
public record InboundConnection(EventMeta meta, long peerId, String addr, String connType, Network network, long existingConnections) implements ConnectionOpened {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_INBOUND_CONNECTION;
    }
}
