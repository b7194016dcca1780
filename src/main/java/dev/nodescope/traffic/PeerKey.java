package dev.nodescope.traffic;

/** A connection: peer ids are per node (and per bitcoind run). */
record PeerKey(String node, long peerId) {
}
