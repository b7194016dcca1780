package dev.nodescope.monitor;

import java.util.List;

/**
 * What the peer view shows of one peer: counts per message type and the last messages, newest
 * first. Copied from the model for the selected peer only.
 */
public record PeerDetail(PeerRow peer, List<TypeCount> types, List<RecentMessage> recent) {
    /** Messages and payload bytes of one message type, both directions. */
    public record TypeCount(String type, long msgsIn, long bytesIn, long msgsOut, long bytesOut) {
        public long total() {
            return msgsIn + msgsOut;
        }
    }

    /**
     * One message as kept for the list.
     *
     * @param payload the captured payload, cut to {@link MonitorModel#KEPT_PAYLOAD_BYTES} (the
     *                decoder treats a cut payload as a cut capture), or null when none was captured
     */
    public record RecentMessage(long epochNanos, boolean inbound, String type, long size, byte[] payload) {
    }
}
