package dev.nodescope.p2p;

/** An address with the services it offers and its port, as in version messages. */
public record PeerAddress(long services, NetAddress address, int port) {
}
