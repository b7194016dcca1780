package dev.nodescope.event;

import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pDecoder;

/**
 * A P2P message, received ({@link InboundMessage}) or sent ({@link OutboundMessage}).
 * {@code size} is the payload size on the wire; {@code captured} how many of its bytes were
 * copied (0 when payloads were not asked for); {@code truncated} says a payload that was asked
 * for was not copied whole (cut at the limit, dropped for want of room, or unreadable). A
 * payload nobody asked for is not truncated: nothing was cut.
 */
public sealed interface MessageEvent extends TracepointEvent permits InboundMessage, OutboundMessage {
    long peerId();

    String addr();

    String connType();

    String msgType();

    long size();

    int captured();

    boolean truncated();

    /** The captured payload bytes, or null when payloads were not asked for or did not fit. */
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
}
