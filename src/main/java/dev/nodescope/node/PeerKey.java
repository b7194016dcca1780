package dev.nodescope.node;

import java.util.Objects;

/**
 * One peer of one node: Bitcoin Core's peer ids count up per process, so two nodes of a fleet
 * (or one node before and after a restart under another name) reuse the same ids.
 *
 * @param node the node's name: {@code --node NAME}, the envelope's {@code node} field
 */
public record PeerKey(String node, long peerId) {
    public PeerKey {
        Objects.requireNonNull(node);
    }
}
