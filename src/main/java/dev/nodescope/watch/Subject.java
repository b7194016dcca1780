package dev.nodescope.watch;

/**
 * What an alert is about, within one node: a peer ({@code peer:<id>}, with its address), a netgroup
 * ({@code netgroup:<prefix>}), or the node itself. An alert is kept once per (detector, node, key).
 *
 * @param key    {@code peer:7}, {@code netgroup:203.0.113.0/16}, {@code node}, ...
 * @param peerId the peer, -1 when the subject is not a peer
 * @param addr   the peer's address, "" when the subject is not a peer
 */
public record Subject(String node, String key, long peerId, String addr) {
    public static Subject peer(String node, long peerId, String addr) {
        return new Subject(node, "peer:" + peerId, peerId, addr == null ? "" : addr);
    }

    public static Subject node(String node) {
        return new Subject(node, "node", -1, "");
    }

    /** Another kind of subject: {@code kind:value} ({@code netgroup:1.2.0.0/16}, {@code msg_type:inv/inbound}). */
    public static Subject of(String node, String kind, String value) {
        return new Subject(node, kind + ":" + value, -1, "");
    }

    /**
     * A subject about the fleet as a whole (fleet detectors: a peer address seen on several nodes), kept
     * under the node name {@link #FLEET}; {@code addr} is the address it names ("" for none), so
     * {@code --redact-ips} can hide it.
     */
    public static Subject fleet(String kind, String value, String addr) {
        return new Subject(FLEET, kind + ":" + value, -1, addr);
    }

    /** The node name of alerts about the whole fleet rather than one of its nodes. */
    public static final String FLEET = "fleet";

    public boolean isPeer() {
        return peerId >= 0;
    }
}
