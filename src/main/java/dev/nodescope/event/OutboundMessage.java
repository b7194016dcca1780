package dev.nodescope.event;

/** net:outbound_message: A P2P message queued for a peer. */
public record OutboundMessage(EventMeta meta, long peerId, String addr, String connType, String msgType, long size, int captured, boolean truncated, byte[] payload) implements MessageEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_OUTBOUND_MESSAGE;
    }
}
