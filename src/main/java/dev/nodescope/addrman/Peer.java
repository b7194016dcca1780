package dev.nodescope.addrman;

/**
 * A connected peer as far as addrman questions go (from {@code getpeerinfo}): which kind of
 * connection, and where to, so that the diversity of outbound peers can be judged with the addrman.
 */
public record Peer(long id, String address, String network, String connectionType, boolean inbound, int mappedAs,
                   long connectedSince) {
}
