package dev.nodescope.web;

/** How many of {@code watch}'s alerts are open about a peer, for the peers page (none without {@code --watch}). */
public interface PeerAlerts {
    PeerAlerts NONE = (node, peerId) -> 0;

    int open(String node, long peerId);
}
