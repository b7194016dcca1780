package dev.nodescope.event;

/** Hex encoding of hashes and payloads. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * A uint256 in Bitcoin Core's internal (little-endian) byte order, written as RPC and block
     * explorers write it: the bytes reversed.
     */
    public static String encodeReversed(byte[] internalOrder) {
        char[] out = new char[internalOrder.length * 2];
        for (int i = 0; i < internalOrder.length; i++) {
            byte b = internalOrder[internalOrder.length - 1 - i];
            out[2 * i] = DIGITS[(b >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    public static byte[] decode(String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
