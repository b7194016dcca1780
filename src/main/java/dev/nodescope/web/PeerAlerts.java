package dev.nodescope.web;

/** How many of {@code watch}'s alerts are open about a peer, for the peers page (the alerts view answers it). */
public interface PeerAlerts {
    int open(String node, long peerId);
}
