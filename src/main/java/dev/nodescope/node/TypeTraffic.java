package dev.nodescope.node;

/** Messages and payload bytes of one message type with one peer, both directions. */
public record TypeTraffic(String type, long msgsIn, long bytesIn, long msgsOut, long bytesOut) {
    public long total() {
        return msgsIn + msgsOut;
    }
}
