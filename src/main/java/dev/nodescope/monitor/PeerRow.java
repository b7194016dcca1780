package dev.nodescope.monitor;

import dev.nodescope.node.PeerSnapshot;

/**
 * One peer as the peers table shows it: an immutable copy taken from the model under its lock.
 *
 * @param network        null when the peer was first seen through a message (connected before we
 *                       attached: the message tracepoints carry no network)
 * @param openedAtNanos  when the connection opened (epoch ns), or -1 when it opened before we attached
 * @param firstSeenNanos when nodescope first saw the peer (epoch ns)
 * @param endedAtNanos   when the connection closed or was evicted (epoch ns), or -1 while open
 * @param misbehaving    the reason of the last net:misbehaving_connection, or null
 * @param lastMsgType    the last message's type either way, or null before any message
 */
public record PeerRow(long id, String connType, String network, String addr, long openedAtNanos, long firstSeenNanos,
                      State state, long endedAtNanos, String misbehaving, long msgsIn, long msgsOut, long bytesIn,
                      long bytesOut, String lastMsgType, long lastMsgNanos) {
    public enum State { OPEN, CLOSED, EVICTED }

    public boolean ended() {
        return state != State.OPEN;
    }

    /** How long the connection has lasted at {@code nowNanos} (frozen once it ended): {@link PeerSnapshot#ageNanos}. */
    public long ageNanos(long nowNanos) {
        return PeerSnapshot.ageNanos(openedAtNanos, firstSeenNanos, ended(), endedAtNanos, nowNanos);
    }

    /** Whether the age is a lower bound: the peer connected before we attached. */
    public boolean ageIsLowerBound() {
        return openedAtNanos < 0;
    }
}
