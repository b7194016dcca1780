package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pDecoder;

/**
 * A P2P message, received ({@link InboundMessage}) or sent ({@link OutboundMessage}).
 * {@code size} is the payload size on the wire; {@code captured} how many of its bytes were
 * copied (0 when payloads were not asked for); {@code truncated} says a payload that was asked
 * for was not copied whole (cut at the limit, dropped for want of room, or unreadable). A
 * payload nobody asked for is not truncated: nothing was cut.
 */
@EventKind(struct = "ns_message")
public sealed interface MessageEvent extends TracepointEvent permits InboundMessage, OutboundMessage {
    @EventField(wire = 1, c = "peer_id", doc = "peer id (getpeerinfo's id)")
    long peerId();

    @EventField(wire = 2, c = "addr", doc = "peer address and port; for outbound -addnode/-connect peers the string as given")

    String addr();

    @EventField(wire = 3, c = "conn_type", doc = "connection type: inbound, outbound-full-relay, block-relay-only, manual, feeler, addr-fetch, private-broadcast")

    String connType();

    @EventField(wire = 4, c = "msg_type", doc = "P2P message type, e.g. ping")

    String msgType();

    @EventField(wire = 5, c = "size", unit = "bytes", doc = "payload size on the wire, without the message header")

    long size();

    @EventField(wire = 6, c = "captured", unit = "bytes", encoding = WireEncoding.UINT32, text = false, doc = "payload bytes copied (0 unless payloads were asked for)")

    int captured();

    @EventField(wire = 7, text = false, doc = "a payload that was asked for was not copied whole (cut at the limit, dropped for want of room, unreadable); false when payloads were not asked for")

    boolean truncated();

    /** The captured payload bytes, or null when payloads were not asked for or did not fit. */
    @EventField(wire = 8, c = "payload", json = "payload_hex", text = false, doc = "the captured payload; in JSON only with --payload hex")
    byte[] payload();

    default boolean inbound() {
        return this instanceof InboundMessage;
    }

    /**
     * Decodes the captured payload (never throws; a cut capture decodes what it holds). Costs
     * nothing unless called; without a captured payload only empty messages decode whole.
     */
    default DecodeResult decode() {
        return P2pDecoder.decode(msgType(), payload() == null ? new byte[0] : payload(), size());
    }

    /**
     * The message as if its payload had not been asked for (captured 0, not truncated): for an
     * output told to leave payloads out though the source copied them for another reader (an
     * archive without payloads beside the watchdog, a NATS server whose max_payload a block exceeds).
     */
    default MessageEvent withoutPayload() {
        return inbound()
                ? new InboundMessage(meta(), peerId(), addr(), connType(), msgType(), size(), 0, false, null)
                : new OutboundMessage(meta(), peerId(), addr(), connType(), msgType(), size(), 0, false, null);
    }

    /** {@code e} without its payload when it is a P2P message that has one (or was cut), else {@code e} itself. */
    static Event withoutPayload(Event e) {
        return e instanceof MessageEvent m && (m.payload() != null || m.truncated()) ? m.withoutPayload() : e;
    }
}
