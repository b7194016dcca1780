package dev.nodescope.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One peer as the state folds it: mutable, touched only under the state's lock. */
final class Peer {
    final String node;
    final long id;
    final long firstSeenNanos;
    String connType;
    String network;
    String addr;
    long openedAtNanos = -1;
    PeerSnapshot.State state = PeerSnapshot.State.OPEN;
    long endedAtNanos = -1;
    String misbehaving;
    long misbehaviours;
    long msgsIn;
    long msgsOut;
    long bytesIn;
    long bytesOut;
    String lastMsgType;
    long lastMsgNanos = -1;
    String userAgent;
    int protocolVersion = -1;
    /** Our last ping waiting for its pong: its nonce and when it went out (-1: none). */
    long pingNonce;
    long pingSentNanos = -1;
    long pingNanos = -1;
    /** type → {msgs in, bytes in, msgs out, bytes out} */
    private final Map<String, long[]> types = new LinkedHashMap<>();

    Peer(String node, long id, long firstSeenNanos) {
        this.node = node;
        this.id = id;
        this.firstSeenNanos = firstSeenNanos;
    }

    long[] typeCounts(String type) {
        long[] counts = types.get(type);
        if (counts == null) {
            String key = types.size() < NodeState.MAX_TYPES ? type : NodeState.OTHER_TYPES;
            counts = types.computeIfAbsent(key, k -> new long[4]);
        }
        return counts;
    }

    boolean open() {
        return state == PeerSnapshot.State.OPEN;
    }

    PeerSnapshot snapshot() {
        return new PeerSnapshot(node, id, connType, network, addr, openedAtNanos, firstSeenNanos, state, endedAtNanos, misbehaving,
                misbehaviours, msgsIn, msgsOut, bytesIn, bytesOut, lastMsgType, lastMsgNanos, userAgent, protocolVersion, pingNanos);
    }

    List<TypeTraffic> typeTraffic() {
        List<TypeTraffic> list = new ArrayList<>(types.size());
        types.forEach((t, c) -> list.add(new TypeTraffic(t, c[0], c[1], c[2], c[3])));
        return list;
    }
}
