package dev.nodescope.event;

/** net:misbehaving_connection: A peer was marked as misbehaving (to be discouraged). */
public record MisbehavingConnection(EventMeta meta, long peerId, String reason) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_MISBEHAVING_CONNECTION;
    }
}
