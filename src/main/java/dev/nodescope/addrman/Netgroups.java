package dev.nodescope.addrman;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Bitcoin Core's network groups ({@code NetGroupManager::GetGroup} without asmap): the unit addrman
 * buckets by and outbound connections avoid repeating. IPv4 /16; IPv6 /32 (Hurricane Electric's
 * 2001:470::/32 /36); IPv6 that carries an IPv4 address (6to4, Teredo, NAT64, SIIT) the /16 of that
 * IPv4 address; Tor and I2P the first 4 bits of the key; CJDNS the 4 bits after its fc prefix; every
 * address that is not publicly routable one group.
 *
 * <p>Groups are written readably: {@code 64.124.0.0/16}, {@code 2a03:d44c::/32}, {@code onion:5/4},
 * {@code fc50::/12}, {@code unroutable}. ASNs, which replace groups when the node runs with an
 * asmap, are kept apart ({@link Asmap}).
 */
public final class Netgroups {
    public static final String UNROUTABLE = "unroutable";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private Netgroups() {
    }

    /** The group of an address as getrawaddrman writes it, with the network it names. */
    public static String of(String network, String address) {
        switch (network) {
            case "onion":
                return keyGroup("onion", address, ".onion");
            case "i2p":
                return keyGroup("i2p", address, ".b32.i2p");
            case "cjdns": {
                byte[] b = ipBytes(address);
                if (b == null || b.length != 16 || (b[0] & 0xff) != 0xfc) {
                    return UNROUTABLE;
                }
                return "fc" + Integer.toHexString((b[1] & 0xf0) >> 4) + "0::/12";
            }
            case "internal":
                return "internal:" + address;
            default:
                return ipGroup(ipBytes(address));
        }
    }

    /** The 16 bytes Core's asmap looks up (IPv4 as ::ffff:a.b.c.d), or null for what asmap does not map. */
    public static byte[] asmapKey(String network, String address) {
        if (!network.equals("ipv4") && !network.equals("ipv6")) {
            return null;
        }
        byte[] b = ipBytes(address);
        if (b == null || !routable(b)) {
            return null;
        }
        int linked = linkedIpv4(b);
        if (b.length == 4 || linked != NONE) {
            int v4 = b.length == 4 ? readInt(b, 0) : linked;
            byte[] key = new byte[16];
            key[10] = (byte) 0xff;
            key[11] = (byte) 0xff;
            key[12] = (byte) (v4 >>> 24);
            key[13] = (byte) (v4 >>> 16);
            key[14] = (byte) (v4 >>> 8);
            key[15] = (byte) v4;
            return key;
        }
        return b;
    }

    private static final int NONE = 0; // 0.0.0.0 is never a routable linked address

    static String ipGroup(byte[] b) {
        if (b == null || !routable(b)) {
            return UNROUTABLE;
        }
        int v4 = b.length == 4 ? readInt(b, 0) : linkedIpv4(b);
        if (v4 != NONE) {
            return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xff) + ".0.0/16";
        }
        if (prefix(b, 0x20, 0x01, 0x04, 0x70)) { // Hurricane Electric: /36
            return hex16(b, 0) + ":" + hex16(b, 2) + ":" + Integer.toHexString((b[4] & 0xf0) << 8) + "::/36";
        }
        return hex16(b, 0) + ":" + hex16(b, 2) + "::/32";
    }

    /** The IPv4 address an IPv6 address carries (SIIT, NAT64, 6to4, Teredo), or {@link #NONE}. */
    private static int linkedIpv4(byte[] b) {
        if (b.length != 16) {
            return NONE;
        }
        if (prefix(b, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0) || prefix(b, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return readInt(b, 12);
        }
        if (prefix(b, 0x20, 0x02)) {
            return readInt(b, 2);
        }
        if (prefix(b, 0x20, 0x01, 0, 0)) {
            return ~readInt(b, 12);
        }
        return NONE;
    }

    /**
     * Core's {@code IsRoutable} for an address as nodescope's P2P decoder names it (network
     * {@code ipv4}, {@code ipv6}, {@code onion}, {@code i2p}, {@code cjdns}, {@code internal},
     * {@code torv2}, {@code unknown}; text as Core writes it, null when Core writes none).
     */
    public static boolean routable(String network, String address) {
        if (address == null) {
            return false; // retired torv2 and unknown networks are not valid
        }
        return switch (network) {
            case "onion", "i2p" -> true;
            case "cjdns" -> {
                byte[] b = ipBytes(address);
                yield b != null && b.length == 16 && (b[0] & 0xff) == 0xfc;
            }
            case "ipv4", "ipv6" -> {
                byte[] b = ipBytes(address);
                yield b != null && routable(b);
            }
            default -> false;
        };
    }

    /** Core's IsRoutable: valid and not private, link-local, documentation, shared, loopback, ... */
    static boolean routable(byte[] b) {
        if (b.length == 4) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            int v = readInt(b, 0);
            return !(v == 0 || v == -1 // INADDR_ANY, INADDR_NONE: invalid
                    || a0 == 10 || (a0 == 192 && a1 == 168) || (a0 == 172 && a1 >= 16 && a1 <= 31) // RFC1918
                    || (a0 == 198 && (a1 == 18 || a1 == 19)) // RFC2544
                    || (a0 == 169 && a1 == 254) // RFC3927
                    || (a0 == 100 && a1 >= 64 && a1 <= 127) // RFC6598
                    || prefix(b, 192, 0, 2) || prefix(b, 198, 51, 100) || prefix(b, 203, 0, 113) // RFC5737
                    || a0 == 127 || a0 == 0); // local
        }
        boolean allZero = true;
        for (int i = 0; i < 15; i++) {
            allZero &= b[i] == 0;
        }
        if (allZero && (b[15] == 0 || b[15] == 1)) {
            return false; // :: is invalid, ::1 is local
        }
        return !(prefix(b, 0x20, 0x01, 0x0d, 0xb8) // RFC3849 documentation: invalid
                || prefix(b, 0xfe, 0x80, 0, 0, 0, 0, 0, 0) // RFC4862
                || (b[0] & 0xfe) == 0xfc // RFC4193
                || (prefix(b, 0x20, 0x01, 0x00) && ((b[3] & 0xf0) == 0x10 || (b[3] & 0xf0) == 0x20))); // RFC4843, RFC7343
    }

    /** Tor and I2P: the network and the first 4 bits of the key the name encodes. */
    private static String keyGroup(String network, String address, String suffix) {
        if (!address.endsWith(suffix) || address.length() == suffix.length()) {
            return UNROUTABLE;
        }
        int first = BASE32.indexOf(address.charAt(0));
        if (first < 0) {
            return UNROUTABLE;
        }
        // base32's first character holds the key's top 5 bits
        return network + ":" + Integer.toHexString(first >> 1) + "/4";
    }

    /** IPv4 or IPv6 literal to bytes (4 or 16), without any name lookup; null when it is not one. */
    static byte[] ipBytes(String text) {
        if (text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
            return null;
        }
        try {
            InetAddress a = InetAddress.ofLiteral(text);
            if (a instanceof Inet6Address six && six.getScopeId() != 0) {
                return null;
            }
            return a instanceof Inet4Address || a instanceof Inet6Address ? a.getAddress() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean prefix(byte[] b, int... p) {
        for (int i = 0; i < p.length; i++) {
            if ((b[i] & 0xff) != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static String hex16(byte[] b, int off) {
        return Integer.toHexString((b[off] & 0xff) << 8 | (b[off + 1] & 0xff));
    }
}
