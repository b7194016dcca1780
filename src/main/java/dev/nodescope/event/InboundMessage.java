package dev.nodescope.event;

/** net:inbound_message: A P2P message received from a peer, dequeued for processing. */
public record InboundMessage(EventMeta meta, long peerId, String addr, String connType, String msgType, long size, int captured, boolean truncated, byte[] payload) implements MessageEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_INBOUND_MESSAGE;
    }
}
