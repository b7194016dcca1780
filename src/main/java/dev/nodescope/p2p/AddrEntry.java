package dev.nodescope.p2p;

/**
 * One gossiped address of an addr or addrv2 message.
 *
 * @param time when the address was last seen, Unix seconds (unsigned 32 bits)
 */
public record AddrEntry(long time, PeerAddress peer) {
}
