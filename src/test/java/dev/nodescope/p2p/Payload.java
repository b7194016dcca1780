package dev.nodescope.p2p;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds payloads field by field, in Bitcoin's serialization, for spec vectors. */
final class Payload {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Payload of() {
        return new Payload();
    }

    Payload u8(int v) {
        out.write(v);
        return this;
    }

    Payload u16be(int v) {
        return u8(v >> 8).u8(v);
    }

    Payload u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    Payload u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    /** Canonical CompactSize of an unsigned 64-bit value. */
    Payload compactSize(long n) {
        if (Long.compareUnsigned(n, 253) < 0) {
            return u8((int) n);
        }
        if (Long.compareUnsigned(n, 0xffff) <= 0) {
            return u8(253).u8((int) n).u8((int) (n >> 8));
        }
        if (Long.compareUnsigned(n, 0xffffffffL) <= 0) {
            return u8(254).u32(n);
        }
        return u8(255).u64(n);
    }

    Payload hex(String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex));
        return this;
    }

    /** A uint256 given in RPC order, serialized little-endian. */
    Payload hash(String rpcHex) {
        byte[] b = HexFormat.of().parseHex(rpcHex);
        for (int i = b.length - 1; i >= 0; i--) {
            out.write(b[i]);
        }
        return this;
    }

    Payload repeat(int b, int n) {
        for (int i = 0; i < n; i++) {
            out.write(b);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Decodes the payload as whole, as {@code type}. */
    DecodeResult decode(String type) {
        byte[] b = bytes();
        return P2pDecoder.decode(type, b, b.length);
    }
}
