package dev.nodescope.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One peer as the model folds it: mutable, touched only under the model's lock. */
final class PeerState {
    /** Message types kept apart per peer; a peer sending made-up types shares one bucket beyond this. */
    static final int MAX_TYPES = 48;
    static final String OTHER_TYPES = "(other)";

    final long id;
    String connType;
    String network;
    String addr;
    long openedAtNanos = -1;
    final long firstSeenNanos;
    PeerRow.State state = PeerRow.State.OPEN;
    long endedAtNanos = -1;
    String misbehaving;
    long msgsIn;
    long msgsOut;
    long bytesIn;
    long bytesOut;
    String lastMsgType;
    long lastMsgNanos = -1;
    /** type → {msgs in, bytes in, msgs out, bytes out} */
    final Map<String, long[]> types = new LinkedHashMap<>();
    final ArrayDeque<PeerDetail.RecentMessage> recent = new ArrayDeque<>();

    PeerState(long id, long firstSeenNanos) {
        this.id = id;
        this.firstSeenNanos = firstSeenNanos;
    }

    long[] typeCounts(String type) {
        long[] counts = types.get(type);
        if (counts == null) {
            String key = types.size() < MAX_TYPES ? type : OTHER_TYPES;
            counts = types.computeIfAbsent(key, k -> new long[4]);
        }
        return counts;
    }

    PeerRow row() {
        return new PeerRow(id, connType, network, addr, openedAtNanos, firstSeenNanos, state, endedAtNanos, misbehaving, msgsIn,
                msgsOut, bytesIn, bytesOut, lastMsgType, lastMsgNanos);
    }

    PeerDetail detail() {
        List<PeerDetail.TypeCount> counts = new ArrayList<>(types.size());
        types.forEach((t, c) -> counts.add(new PeerDetail.TypeCount(t, c[0], c[1], c[2], c[3])));
        // newest first: the deque holds oldest first
        List<PeerDetail.RecentMessage> newestFirst = new ArrayList<>(recent.size());
        recent.descendingIterator().forEachRemaining(newestFirst::add);
        return new PeerDetail(row(), counts, newestFirst);
    }
}
