package dev.nodescope.monitor;

import dev.nodescope.node.KeptMessage;
import java.util.List;

/**
 * What the peer view shows of one peer: counts per message type and the last messages, newest
 * first. Copied from the model for the selected peer only.
 */
public record PeerDetail(PeerRow peer, List<TypeCount> types, List<KeptMessage> recent) {
    /** Messages and payload bytes of one message type, both directions. */
    public record TypeCount(String type, long msgsIn, long bytesIn, long msgsOut, long bytesOut) {
        public long total() {
            return msgsIn + msgsOut;
        }
    }
}
