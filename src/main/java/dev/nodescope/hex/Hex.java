package dev.nodescope.hex;

import java.util.HexFormat;

/**
 * Hex text of bytes, the one place nodescope makes it: hashes, payloads, byte ranges of payloads.
 * Encoding is the JDK's {@link HexFormat} (lowercase), measured faster than a table-driven loop
 * (docs/benchmarks.md, HexBenchmark); decoding is by hand because its errors say where the first
 * bad digit is, for people typing payloads.
 */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

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
        byte[] reversed = new byte[length];
        for (int i = 0; i < length; i++) {
            reversed[i] = bytes[offset + length - 1 - i];
        }
        return HEX.formatHex(reversed);
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
}
