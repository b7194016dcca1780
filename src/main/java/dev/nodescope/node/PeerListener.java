package dev.nodescope.node;

/**
 * Told when peers come and go, on the stream thread, after the event was folded and outside the
 * state's lock (a listener may read the state). Keep it short: the stream waits for it.
 */
public interface PeerListener {
    /** First seen: a connection opened, or a message from a peer that connected before we attached. */
    default void joined(PeerSnapshot peer) {
    }

    /** Its connection closed or was evicted; the state keeps it for {@link NodeState#GRACE_NANOS}. */
    default void left(PeerSnapshot peer) {
    }

    /** The state forgot it (grace period over, or too many ended peers): let go of what you keep for it. */
    default void dropped(PeerKey peer) {
    }
}
