package dev.nodescope.p2p;

/** Hex text of payload byte ranges, without copying them out first. */
final class HexDigits {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexDigits() {
    }

    static String hex(byte[] b, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            out[2 * i] = DIGITS[(b[off + i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b[off + i] & 0xf];
        }
        return new String(out);
    }

    /** A uint256 as serialized (little-endian) written as RPC writes it: the bytes reversed. */
    static String reversed(byte[] b, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            byte x = b[off + len - 1 - i];
            out[2 * i] = DIGITS[(x >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[x & 0xf];
        }
        return new String(out);
    }

    /** 8 hex digits, as RPC writes a header's bits. */
    static String u32(long v) {
        char[] out = new char[8];
        for (int i = 0; i < 8; i++) {
            out[i] = DIGITS[(int) (v >>> (28 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
