package dev.nodescope.watch;

import dev.nodescope.addrman.Netgroups;
import dev.nodescope.event.Network;

/**
 * A connected peer as the watch engine knows it: from its connection event, or from its first
 * message when the connection was opened before nodescope attached (then {@code openedAt} is -1
 * and the network unknown).
 *
 * @param openedAt when the connection was opened (epoch ns), -1 when not seen
 */
public record PeerInfo(String node, long peerId, String addr, String connType, Network network, boolean inbound, long openedAt) {
    public dev.nodescope.node.PeerKey key() {
        return new dev.nodescope.node.PeerKey(node, peerId);
    }

    /** "peer 7 (203.0.113.5:8333, inbound)", or "peer 7" when the peer is not known: how alert summaries name a peer. */
    public static String who(long peerId, PeerInfo info) {
        return "peer " + peerId + (info == null ? "" : " (" + info.addr() + ", " + info.connType() + ")");
    }

    public Subject subject() {
        return Subject.peer(node, peerId, addr);
    }

    /** The address without its port ({@code 1.2.3.4}, {@code 2001:db8::1}, {@code abc.onion}). */
    public String host() {
        return host(addr);
    }

    /** Bitcoin Core's netgroup of the peer's address (IPv4 /16, IPv6 /32, onion/i2p/cjdns their own). */
    public String netgroup() {
        return Netgroups.of(network == null ? "ipv4" : network.jsonName(), host());
    }

    /**
     * How the fleet's detectors and views key a peer across nodes: an inbound peer's address without
     * its port (its ephemeral port changes with each connection), IPv6 kept in brackets so the key still
     * reads as an address (and {@code --redact-ips} pseudonyms tell addresses apart); an outbound
     * peer's address whole (our node chose that service).
     */
    public static String fleetKey(String addr, boolean inbound) {
        if (!inbound) {
            return addr;
        }
        if (addr.startsWith("[")) {
            int end = addr.indexOf(']');
            return end > 0 ? addr.substring(0, end + 1) : addr;
        }
        return host(addr);
    }

    /** The address {@code addr} ({@code host:port}, {@code [v6]:port}) without its port. */
    public static String host(String addr) {
        if (addr.startsWith("[")) {
            int end = addr.indexOf(']');
            return end > 0 ? addr.substring(1, end) : addr;
        }
        int colon = addr.lastIndexOf(':');
        // one colon: host:port; more: a bare IPv6 address
        return colon > 0 && addr.indexOf(':') == colon ? addr.substring(0, colon) : addr;
    }
}
