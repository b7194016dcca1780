package dev.nodescope.node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One node as the state folds it: mutable, touched only under the state's lock. */
final class Node {
    final String name;
    /** Peers by id, in the order first seen. */
    final Map<Long, Peer> peers = new LinkedHashMap<>();
    int openPeers;
    int endedPeers;
    int pid;
    String detachedReason;
    int height = -1;
    long blockConnectNs;
    long blockAtNanos = -1;
    long mempoolAdded;
    long mempoolRemoved;
    long mempoolReplaced;
    long mempoolRejected;
    final RateWindow addedRate = new RateWindow();
    final RateWindow removedRate = new RateWindow();
    long events;
    long lastEventNanos = -1;
    final Map<String, Long> losses = new LinkedHashMap<>();

    Node(String name) {
        this.name = name;
    }

    NodeSnapshot snapshot(long nowNanos) {
        return new NodeSnapshot(name, pid, detachedReason, height, blockConnectNs, blockAtNanos, mempoolAdded, mempoolRemoved,
                mempoolReplaced, mempoolRejected, addedRate.perSecond(nowNanos), removedRate.perSecond(nowNanos), events,
                Collections.unmodifiableMap(new LinkedHashMap<>(losses)), openPeers, endedPeers, lastEventNanos);
    }
}
