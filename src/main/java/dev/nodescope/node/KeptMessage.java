package dev.nodescope.node;

/**
 * One P2P message of a peer as a {@link MessageHistory} keeps it.
 *
 * @param seq        its number among the peer's messages since nodescope tracked the peer (1, 2, ...),
 *                   so views can ask for what came after the last one they showed
 * @param epochNanos when it was sent or received
 * @param size       the payload size on the wire
 * @param payload    the captured payload, cut to the history's limit (the decoder treats a cut
 *                   payload as a cut capture), or null when none was captured or the peer's
 *                   payload budget let it go
 */
public record KeptMessage(long seq, long epochNanos, boolean inbound, String type, long size, byte[] payload) {
    /** The same message without its payload (when the budget runs out). */
    KeptMessage withoutPayload() {
        return new KeptMessage(seq, epochNanos, inbound, type, size, null);
    }
}
