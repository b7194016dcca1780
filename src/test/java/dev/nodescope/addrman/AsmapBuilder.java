package dev.nodescope.addrman;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds asmap files for tests, in Bitcoin Core's format (see {@link Asmap}): a binary trie of
 * prefixes over 128 address bits, encoded with JUMP at forks, MATCH along single paths whose other
 * side is unmapped, RETURN at leaves. Written from the format's description, so that the decoder
 * is checked against an independent encoder.
 */
final class AsmapBuilder {
    private final Node root = new Node();

    private static final class Node {
        Node zero;
        Node one;
        int asn;
        boolean leaf = true;
    }

    /** Maps an IPv4 prefix (as ::ffff:a.b.c.d/96+bits). */
    AsmapBuilder ipv4(String prefix, int asn) {
        String[] parts = prefix.split("/");
        String[] octets = parts[0].split("\\.");
        byte[] ip = new byte[16];
        ip[10] = (byte) 0xff;
        ip[11] = (byte) 0xff;
        for (int i = 0; i < 4; i++) {
            ip[12 + i] = (byte) Integer.parseInt(octets[i]);
        }
        return prefix(ip, 96 + Integer.parseInt(parts[1]), asn);
    }

    AsmapBuilder ipv6(byte[] ip, int bits, int asn) {
        return prefix(ip, bits, asn);
    }

    private AsmapBuilder prefix(byte[] ip, int bits, int asn) {
        Node n = root;
        for (int i = 0; i < bits; i++) {
            if (n.leaf) {
                // split: both halves keep what the whole had
                n.leaf = false;
                n.zero = new Node();
                n.zero.asn = n.asn;
                n.one = new Node();
                n.one.asn = n.asn;
            }
            n = ((ip[i >>> 3] >> (7 - (i & 7))) & 1) == 1 ? n.one : n.zero;
        }
        n.leaf = true;
        n.zero = null;
        n.one = null;
        n.asn = asn;
        return this;
    }

    byte[] build() {
        List<Boolean> bits = new ArrayList<>();
        encode(root, bits);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bits.size(); i += 8) {
            int b = 0;
            for (int j = 0; j < 8 && i + j < bits.size(); j++) {
                if (bits.get(i + j)) {
                    b |= 1 << j; // least significant bit first
                }
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    private static boolean unmapped(Node n) {
        return n.leaf && n.asn == 0;
    }

    private static void encode(Node n, List<Boolean> out) {
        if (n.leaf) {
            bits(out, "0");
            number(out, n.asn, 1, new int[] {15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
            return;
        }
        if (unmapped(n.zero) != unmapped(n.one)) {
            // a single path: MATCH up to 8 bits of it (a mismatch means unmapped: the default 0)
            int pattern = 1;
            int length = 0;
            Node m = n;
            while (!m.leaf && length < 8 && unmapped(m.zero) != unmapped(m.one)) {
                boolean bit = unmapped(m.zero);
                pattern = pattern << 1 | (bit ? 1 : 0);
                m = bit ? m.one : m.zero;
                length++;
            }
            bits(out, "110");
            number(out, pattern, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
            encode(m, out);
            return;
        }
        List<Boolean> left = new ArrayList<>();
        encode(n.zero, left);
        bits(out, "10");
        number(out, left.size(), 17, new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30});
        out.addAll(left);
        encode(n.one, out);
    }

    private static void bits(List<Boolean> out, String s) {
        for (char c : s.toCharArray()) {
            out.add(c == '1');
        }
    }

    /** Core's number encoding: class prefix of ones (and a zero unless last), then the offset big-endian. */
    static void number(List<Boolean> out, long value, int min, int[] sizes) {
        long v = value - min;
        for (int k = 0; k < sizes.length; k++) {
            boolean last = k == sizes.length - 1;
            if (!last && v >= 1L << sizes[k]) {
                out.add(true);
                v -= 1L << sizes[k];
                continue;
            }
            if (!last) {
                out.add(false);
            }
            for (int i = sizes[k] - 1; i >= 0; i--) {
                out.add(((v >> i) & 1) == 1);
            }
            return;
        }
    }
}
