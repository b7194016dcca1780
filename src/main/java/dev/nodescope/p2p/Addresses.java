package dev.nodescope.p2p;

import dev.nodescope.hex.Hex;
import dev.nodescope.p2p.NetAddress.Network;

/**
 * Network addresses in both encodings: the 16-byte IPv6-mapped one of addr and version
 * ({@code CNetAddr::SetLegacyIPv6}) and BIP155's network id + length + bytes of addrv2
 * ({@code CNetAddr::UnserializeV2Stream}).
 */
final class Addresses {
    /** Core's MAX_ADDRV2_SIZE: a longer address fails deserialization. */
    private static final int MAX_ADDRV2_SIZE = 512;
    private static final int LEGACY_BYTES = 16;
    /** time, services, address, port. */
    static final int MIN_ADDR_BYTES = 4 + 8 + LEGACY_BYTES + 2;
    /** time, services, network id, empty address, port. */
    static final int MIN_ADDRV2_BYTES = 4 + 1 + 1 + 1 + 2;

    private static final byte[] IPV4_IN_IPV6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    /** OnionCat, how Tor v2 addresses travelled before BIP155. */
    private static final byte[] TORV2_IN_IPV6 = {(byte) 0xfd, (byte) 0x87, (byte) 0xd8, 0x7e, (byte) 0xeb, 0x43};
    private static final byte[] INTERNAL_IN_IPV6 = {(byte) 0xfd, 0x6b, (byte) 0x88, (byte) 0xc0, (byte) 0x87, 0x24};

    private Addresses() {
    }

    /** An addr (v1) entry. */
    static AddrEntry addrEntry(PayloadReader r) {
        long time = r.u32();
        return new AddrEntry(time, peerAddress(r));
    }

    /** Services, 16-byte address and port, as in version and addr. */
    static PeerAddress peerAddress(PayloadReader r) {
        long services = r.i64();
        r.need(LEGACY_BYTES);
        NetAddress address = legacy(r.buffer(), r.position());
        r.skip(LEGACY_BYTES);
        return new PeerAddress(services, address, r.u16be());
    }

    private static NetAddress legacy(byte[] b, int off) {
        if (startsWith(b, off, IPV4_IN_IPV6)) {
            return new NetAddress(Network.IPV4, 1, AddressText.ipv4(b, off + IPV4_IN_IPV6.length), null);
        }
        if (startsWith(b, off, TORV2_IN_IPV6)) {
            int len = LEGACY_BYTES - TORV2_IN_IPV6.length;
            return new NetAddress(Network.TORV2, 3, null, Hex.encode(b, off + TORV2_IN_IPV6.length, len));
        }
        if (startsWith(b, off, INTERNAL_IN_IPV6)) {
            return new NetAddress(Network.INTERNAL, 0, AddressText.internal(b, off + INTERNAL_IN_IPV6.length), null);
        }
        return new NetAddress(Network.IPV6, 2, AddressText.ipv6(b, off), null);
    }

    /** An addrv2 entry: services are a CompactSize here, not range-checked (Core's CompactSizeFormatter<false>). */
    static AddrEntry addrV2Entry(PayloadReader r) {
        long time = r.u32();
        long services = r.compactSize(false);
        int networkId = r.u8();
        int lengthAt = r.position();
        int len = r.count();
        if (len > MAX_ADDRV2_SIZE) {
            throw new Malformed(lengthAt, "Address too long: " + len + " > " + MAX_ADDRV2_SIZE);
        }
        r.need(len);
        NetAddress address = bip155(r, networkId, len, lengthAt);
        r.skip(len);
        return new AddrEntry(time, new PeerAddress(services, address, r.u16be()));
    }

    /** Known networks must have their fixed length; torv2 (retired) and unknown ids are kept raw. */
    private static NetAddress bip155(PayloadReader r, int networkId, int len, int lengthAt) {
        byte[] b = r.buffer();
        int off = r.position();
        return switch (networkId) {
            case 1 -> new NetAddress(Network.IPV4, networkId, AddressText.ipv4(b, checked(r, "IPv4", len, 4, lengthAt)), null);
            case 2 -> {
                checked(r, "IPv6", len, LEGACY_BYTES, lengthAt);
                // Core takes an internal address out of IPv6 here too
                yield startsWith(b, off, INTERNAL_IN_IPV6)
                        ? new NetAddress(Network.INTERNAL, networkId, AddressText.internal(b, off + INTERNAL_IN_IPV6.length), null)
                        : new NetAddress(Network.IPV6, networkId, AddressText.ipv6(b, off), null);
            }
            case 3 -> new NetAddress(Network.TORV2, networkId, null, Hex.encode(b, off, len));
            case 4 -> new NetAddress(Network.TORV3, networkId, AddressText.onion(b, checked(r, "TORv3", len, 32, lengthAt)), null);
            case 5 -> new NetAddress(Network.I2P, networkId, AddressText.i2p(b, checked(r, "I2P", len, 32, lengthAt)), null);
            case 6 -> new NetAddress(Network.CJDNS, networkId, AddressText.ipv6(b, checked(r, "CJDNS", len, 16, lengthAt)), null);
            default -> new NetAddress(Network.UNKNOWN, networkId, null, Hex.encode(b, off, len));
        };
    }

    /** @return the address's offset, once its length is the network's */
    private static int checked(PayloadReader r, String network, int len, int expected, int lengthAt) {
        if (len != expected) {
            throw new Malformed(lengthAt, "BIP155 " + network + " address with length " + len + " (should be " + expected + ")");
        }
        return r.position();
    }

    private static boolean startsWith(byte[] b, int off, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
