package dev.nodescope.p2p;

/**
 * Decoding stopped: thrown by the readers and caught by {@link P2pDecoder}, never thrown out of
 * it. Without a stack trace, since random bytes make these by the million in a fuzz run.
 */
final class Malformed extends RuntimeException {
    private final int offset;
    private P2pMessage partial;

    Malformed(int offset, String reason) {
        super(reason, null, false, false);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }

    /** What was decoded before the failure; the outermost message sets it last. */
    P2pMessage partial() {
        return partial;
    }

    Malformed withPartial(P2pMessage message) {
        this.partial = message;
        return this;
    }
}
