package dev.nodescope.hex;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Hex text of bytes, the one place nodescope makes it: hashes, payloads, byte ranges of payloads.
 * Encoding is the JDK's {@link HexFormat} (lowercase), measured faster than a table-driven loop
 * (docs/benchmarks.md, HexBenchmark); decoding is by hand because its errors say where the first
 * bad digit is, for people typing payloads.
 */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    /** The value of a lowercase hex digit by its char, -1 for anything else (chars below 128). */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 16; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, without copying them out first. */
    public static String encode(byte[] bytes, int offset, int length) {
        return HEX.formatHex(bytes, offset, offset + length);
    }

    /**
     * A uint256 in Bitcoin Core's internal (little-endian) byte order, written as RPC and block
     * explorers write it: the bytes reversed.
     */
    public static String encodeReversed(byte[] internalOrder) {
        return encodeReversed(internalOrder, 0, internalOrder.length);
    }

    /** {@link #encodeReversed(byte[])} of {@code length} bytes from {@code offset}. */
    public static String encodeReversed(byte[] bytes, int offset, int length) {
        // digits straight from the last byte to the first: no reversed copy (every hash of every
        // event goes through here, issue 18)
        byte[] text = new byte[2 * length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + length - 1 - i] & 0xFF;
            text[2 * i] = DIGITS[b >>> 4];
            text[2 * i + 1] = DIGITS[b & 0xF];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** 8 hex digits, as RPC writes a header's bits. */
    public static String u32(long value) {
        return HEX.toHexDigits((int) value);
    }

    /** @throws IllegalArgumentException saying what is wrong and where */
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

    /**
     * Decodes lowercase hex (what {@link #encode} writes) into {@code out} from {@code offset}, for
     * the archive's hot path: no array of its own, one pass. Returns false, with {@code out} in an
     * unspecified state, when {@code hex} has an odd length or anything but 0-9 and a-f.
     */
    public static boolean decodeLowercase(String hex, byte[] out, int offset) {
        int n = hex.length();
        if ((n & 1) != 0) {
            return false;
        }
        for (int i = 0; i < n; i += 2) {
            char hi = hex.charAt(i);
            char lo = hex.charAt(i + 1);
            int h = hi < 128 ? VALUES[hi] : -1;
            int l = lo < 128 ? VALUES[lo] : -1;
            if ((h | l) < 0) {
                return false;
            }
            out[offset + i / 2] = (byte) (h << 4 | l);
        }
        return true;
    }
}
