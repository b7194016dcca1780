package dev.nodescope.p2p;

import dev.nodescope.hex.Hex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A cursor over one payload with Bitcoin's serialization rules: little-endian integers,
 * CompactSize with Core's canonical-encoding and size checks, uint256 as RPC hex. Every read checks
 * the bytes left first and fails with {@link Malformed} at its own offset, so no length taken from
 * the payload is trusted before it is checked.
 */
final class PayloadReader {
    /** Core's MAX_SIZE: a larger length or count fails deserialization ("size too large"). */
    private static final long MAX_SIZE = 0x02000000L;

    private final byte[] buf;
    private final long wireSize;
    private int pos;

    /** @param wireSize the message's size on the wire; larger than the buffer for a cut capture */
    PayloadReader(byte[] buf, long wireSize) {
        this.buf = buf;
        this.wireSize = wireSize;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    boolean truncated() {
        return wireSize > buf.length;
    }

    /** Why a cut capture could not be decoded further. */
    String captureEnds() {
        return "capture ends: " + buf.length + " of " + wireSize + " bytes captured";
    }

    void need(long n) {
        if (buf.length - pos < n) {
            throw new Malformed(pos, truncated() ? captureEnds() : "end of data: needs " + n + " bytes, " + (buf.length - pos) + " left");
        }
    }

    void skip(long n) {
        need(n);
        pos += (int) n;
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    /** Ports are the one big-endian field. */
    int u16be() {
        need(2);
        int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int i32() {
        need(4);
        int v = le32(pos);
        pos += 4;
        return v;
    }

    long u32() {
        return i32() & 0xffffffffL;
    }

    long i64() {
        need(8);
        long v = le32(pos) & 0xffffffffL | (long) le32(pos + 4) << 32;
        pos += 8;
        return v;
    }

    private int le32(int at) {
        return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | (buf[at + 3] & 0xff) << 24;
    }

    /**
     * Core's ReadCompactSize: a value that fits a shorter encoding is "non-canonical"; with
     * {@code rangeCheck} (lengths and counts), above {@link #MAX_SIZE} is "size too large". The
     * result is unsigned 64 bits.
     */
    long compactSize(boolean rangeCheck) {
        int at = pos;
        int first = u8();
        long v;
        switch (first) {
            case 253 -> {
                v = u16le();
                if (v < 253) {
                    throw new Malformed(at, "non-canonical ReadCompactSize()");
                }
            }
            case 254 -> {
                v = u32();
                if (v < 0x10000) {
                    throw new Malformed(at, "non-canonical ReadCompactSize()");
                }
            }
            case 255 -> {
                v = i64();
                if (Long.compareUnsigned(v, 0x100000000L) < 0) {
                    throw new Malformed(at, "non-canonical ReadCompactSize()");
                }
            }
            default -> v = first;
        }
        if (rangeCheck && Long.compareUnsigned(v, MAX_SIZE) > 0) {
            throw new Malformed(at, "ReadCompactSize(): size too large");
        }
        return v;
    }

    private int u16le() {
        need(2);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    /** A vector's length or element count: at most {@link #MAX_SIZE}, so it fits an int. */
    int count() {
        return (int) compactSize(true);
    }

    /** A uint256 in RPC order. */
    String hash() {
        need(32);
        String s = Hex.encodeReversed(buf, pos, 32);
        pos += 32;
        return s;
    }

    /** A length-prefixed byte vector, as hex. */
    String bytesHex() {
        int n = count();
        need(n);
        String s = Hex.encode(buf, pos, n);
        pos += n;
        return s;
    }

    /**
     * Reads {@code n} items into a list sized by the bytes left, not by {@code n}: a count is
     * whatever the sender wrote, and a cut capture stops short of it anyway. If an item fails, the
     * failure carries {@code partial} applied to the items read whole.
     */
    <T> List<T> list(int n, int minItemBytes, Function<PayloadReader, T> item, Function<List<T>, P2pMessage> partial) {
        List<T> items = new ArrayList<>(capacity(n, minItemBytes));
        try {
            for (int i = 0; i < n; i++) {
                items.add(item.apply(this));
            }
        } catch (Malformed m) {
            throw m.withPartial(partial.apply(Collections.unmodifiableList(items)));
        }
        return Collections.unmodifiableList(items);
    }

    /** How many items of at least {@code minItemBytes} bytes could be left: a safe initial capacity. */
    int capacity(int n, int minItemBytes) {
        return Math.min(n, remaining() / minItemBytes);
    }
}
