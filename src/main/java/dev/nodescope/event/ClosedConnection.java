package dev.nodescope.event;

/** net:closed_connection: A peer's socket was closed. */
public record ClosedConnection(EventMeta meta, long peerId, String addr, String connType, Network network, long timeEstablished) implements ConnectionEnded {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_CLOSED_CONNECTION;
    }
}
