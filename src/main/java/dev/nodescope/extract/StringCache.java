package dev.nodescope.extract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of ring-buffer records, made once: thread names, addresses, connection and message
 * types repeat in nearly every record, and building a new String for each (its array, later its
 * hash for every map that keys on it) was a good part of the decoding cost (docs/benchmarks.md,
 * issue 18). A direct-mapped table keyed by the bytes' hash: a slot holds the last string whose
 * bytes hashed there, so memory stays bounded whatever the traffic (256 slots of at most a
 * record string each). Not thread-safe: one per decoder.
 */
final class StringCache {
    private static final int SLOTS = 256;
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /**
     * The string of {@code bytes[0, length)}: Latin-1 when {@code ascii} (the same text for ASCII),
     * else UTF-8. {@code hash} is any hash of those bytes the caller computed while reading them.
     */
    String get(byte[] bytes, int length, int hash, boolean ascii) {
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, 0, length)) {
            return values[slot];
        }
        String s = ascii ? new String(bytes, 0, length, StandardCharsets.ISO_8859_1)
                : new String(bytes, 0, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(bytes, length);
        values[slot] = s;
        return s;
    }
}
