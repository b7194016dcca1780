package dev.nodescope.p2p;

/**
 * What {@link P2pDecoder#decode} made of one payload.
 *
 * @param message   the decoded message; on an error, what was decoded before it (lists hold the
 *                  items read whole), or null when nothing useful was
 * @param error     null when the payload decoded whole, else where and why decoding stopped
 * @param truncated the capture holds fewer bytes than the message had on the wire
 */
public record DecodeResult(P2pMessage message, DecodeError error, boolean truncated) {
    /** The payload decoded whole, with no bytes left over. */
    public boolean ok() {
        return error == null;
    }
}
