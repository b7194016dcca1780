package dev.nodescope.p2p;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Addresses written the way Bitcoin Core's {@code CNetAddr::ToStringAddr} writes them. */
final class AddressText {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] ONION_CHECKSUM_PREFIX = ".onion checksum".getBytes(StandardCharsets.US_ASCII);
    private static final byte TORV3_VERSION = 3;
    // getInstance costs a provider lookup; an addrv2 message can carry a thousand onion addresses
    private static final ThreadLocal<MessageDigest> SHA3 = ThreadLocal.withInitial(() -> DoubleSha256.newDigest("SHA3-256"));

    private AddressText() {
    }

    static String ipv4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /**
     * RFC 5952 as Core does it: lowercase groups without leading zeros, the longest run of two or
     * more zero groups (the first of equal runs) written {@code ::}, no dotted IPv4 tail.
     */
    static String ipv6(byte[] b, int off) {
        int longestStart = 0;
        int longestLen = 0;
        int runStart = 0;
        int runLen = 0;
        for (int i = 0; i < 8; i++) {
            if (group(b, off, i) != 0) {
                runStart = i + 1;
                runLen = 0;
                continue;
            }
            runLen++;
            if (runLen > longestLen) {
                longestStart = runStart;
                longestLen = runLen;
            }
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (longestLen >= 2 && i >= longestStart && i < longestStart + longestLen) {
                if (i == longestStart) {
                    s.append("::");
                }
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(group(b, off, i)));
        }
        return s.toString();
    }

    private static int group(byte[] b, int off, int i) {
        return (b[off + 2 * i] & 0xff) << 8 | (b[off + 2 * i + 1] & 0xff);
    }

    /** Tor v3 (rend-spec-v3): base32(pubkey | checksum | version) + ".onion", checksum computed. */
    static String onion(byte[] b, int off) {
        MessageDigest sha3 = SHA3.get();
        sha3.update(ONION_CHECKSUM_PREFIX);
        sha3.update(b, off, 32);
        sha3.update(TORV3_VERSION);
        byte[] checksum = sha3.digest();
        byte[] full = new byte[35];
        System.arraycopy(b, off, full, 0, 32);
        full[32] = checksum[0];
        full[33] = checksum[1];
        full[34] = TORV3_VERSION;
        return base32(full, 0, full.length) + ".onion";
    }

    /** I2P: the 32-byte destination hash in base32 without padding + ".b32.i2p". */
    static String i2p(byte[] b, int off) {
        return base32(b, off, 32) + ".b32.i2p";
    }

    /** Core's internal names: the 10-byte hash in base32 + ".internal". */
    static String internal(byte[] b, int off) {
        return base32(b, off, 10) + ".internal";
    }

    /** RFC 4648 base32, lowercase, unpadded (the lengths used here need no padding but I2P's). */
    static String base32(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder((len * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = off; i < off + len; i++) {
            buffer = buffer << 8 | (b[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                s.append(BASE32[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            s.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return s.toString();
    }
}
