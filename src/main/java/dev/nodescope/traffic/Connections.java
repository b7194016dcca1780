package dev.nodescope.traffic;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Connected time per connection type, for rates per peer-hour. A connection counts from its
 * net:*_connection event to its net:closed_connection, clipped to the window; one the window
 * never saw open (it was open before: warm-up, or a recording that started later) counts from
 * the window's start, and one still open at the end counts to the window's end. Holds the open
 * connections only, so memory follows the node's connection count.
 */
final class Connections {
    private record Open(long sinceNanos, int conn) {
    }

    private final Map<PeerKey, Open> open = new HashMap<>();
    private final long[] peerNanos;
    private long connections;

    Connections(int connCapacity) {
        this.peerNanos = new long[connCapacity];
    }

    void opened(PeerKey key, int conn, long nanos) {
        Open old = open.put(key, new Open(nanos, conn));
        if (old != null) {
            add(old, nanos); // the same id again without a close (a restart): the old one ended here
        }
        connections++;
    }

    /** A message of a connection: if its opening was not seen, it was open at the window's start. */
    void seen(PeerKey key, int conn, long windowStart) {
        if (!open.containsKey(key)) {
            open.put(key, new Open(windowStart, conn));
            connections++;
        }
    }

    void closed(PeerKey key, int conn, long nanos, long windowStart) {
        Open o = open.remove(key);
        if (o == null) {
            o = new Open(windowStart, conn);
            connections++;
        }
        add(o, nanos);
    }

    /** Tracing of a node stopped (its bitcoind exited): its connections ended there. */
    void detached(String node, long nanos) {
        for (Iterator<Map.Entry<PeerKey, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerKey, Open> e = it.next();
            if (e.getKey().node().equals(node)) {
                add(e.getValue(), nanos);
                it.remove();
            }
        }
    }

    private void add(Open o, long until) {
        peerNanos[o.conn] += Math.max(0, until - o.sinceNanos);
    }

    /** Connected nanoseconds per connection type index, the connections still open counted to {@code windowEnd}. */
    long[] finish(long windowEnd) {
        long[] out = peerNanos.clone();
        for (Open o : open.values()) {
            out[o.conn] += Math.max(0, windowEnd - o.sinceNanos);
        }
        return out;
    }

    /** Connections seen in the window (opened in it, or open at its start). */
    long count() {
        return connections;
    }
}
