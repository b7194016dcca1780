package dev.nodescope.node;

/**
 * One peer as the node state holds it, copied under the state's lock: immutable and cheap (no
 * per-type counts, see {@link NodeState#messageTypes}).
 *
 * @param connType         Bitcoin Core's connection type ({@code inbound}, {@code outbound-full-relay}, ...)
 * @param network          null when the peer was first seen through a message (it connected before
 *                         we attached: the message tracepoints carry no network)
 * @param openedAtNanos    when the connection opened (epoch ns), or -1 when it opened before we attached
 * @param firstSeenNanos   when nodescope first saw the peer (epoch ns)
 * @param endedAtNanos     when the connection closed or was evicted (epoch ns), or -1 while open
 * @param misbehaving      the reason of the last {@code net:misbehaving_connection}, or null
 * @param misbehaviours    how many {@code net:misbehaving_connection} it earned
 * @param lastMsgType      the last message's type either way, or null before any message
 * @param userAgent        from its {@code version} message when one was seen with its payload, else null
 * @param protocolVersion  from the same message, or -1
 * @param pingNanos        round trip of our last {@code ping} answered by a matching {@code pong} (needs
 *                         payloads), or -1
 */
public record PeerSnapshot(String node, long id, String connType, String network, String addr, long openedAtNanos,
                           long firstSeenNanos, State state, long endedAtNanos, String misbehaving, long misbehaviours,
                           long msgsIn, long msgsOut, long bytesIn, long bytesOut, String lastMsgType, long lastMsgNanos,
                           String userAgent, int protocolVersion, long pingNanos) {
    public enum State { OPEN, CLOSED, EVICTED }

    /** Who opened the connection, from the connection type. */
    public enum Direction { INBOUND, OUTBOUND, UNKNOWN }

    public PeerKey key() {
        return new PeerKey(node, id);
    }

    public Direction direction() {
        if (connType == null) {
            return Direction.UNKNOWN;
        }
        return connType.equals("inbound") ? Direction.INBOUND : Direction.OUTBOUND;
    }

    public boolean ended() {
        return state != State.OPEN;
    }

    /** How long the connection has lasted at {@code nowNanos} (frozen once it ended). */
    public long ageNanos(long nowNanos) {
        return ageNanos(openedAtNanos, firstSeenNanos, ended(), endedAtNanos, nowNanos);
    }

    /**
     * A connection's age at {@code nowNanos}: from its opening, or from when it was first seen
     * when it opened before we attached (a lower bound), frozen once it ended. The one rule for
     * every view of a peer.
     */
    public static long ageNanos(long openedAtNanos, long firstSeenNanos, boolean ended, long endedAtNanos, long nowNanos) {
        long start = openedAtNanos >= 0 ? openedAtNanos : firstSeenNanos;
        long end = ended ? endedAtNanos : nowNanos;
        return Math.max(0, end - start);
    }

    /** Whether the age is a lower bound: the peer connected before we attached. */
    public boolean ageIsLowerBound() {
        return openedAtNanos < 0;
    }
}
