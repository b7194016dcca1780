package dev.nodescope.watch.detect;

import dev.nodescope.event.MessageEvent;

/**
 * What the detectors read of a payload without decoding it (no allocation): the item count at its
 * start, the count a fixed item size implies, the types of inventory items. {@code watch} copies up
 * to 64 KiB of each payload; a message cut shorter, or not copied at all, is read from what there
 * is, and the callers say what they do when that is not enough. Public for the dashboard's
 * traffic page, which counts inventory entries the same way.
 */
public final class Payloads {
    /** Bytes of one inv/getdata/notfound item: type (4) and hash (32). */
    public static final int INV_ITEM_BYTES = 36;
    /** Bytes of one addr (v1) entry: time (4), services (8), IPv6-mapped address (16), port (2). */
    static final int ADDR_ENTRY_BYTES = 30;
    /** Core's MAX_SIZE: a larger CompactSize fails deserialization. */
    private static final long MAX_SIZE = 0x02000000L;
    /** The sizes a CompactSize of up to 32 bits takes. */
    private static final int[] COUNT_PREFIXES = {1, 3, 5};

    private Payloads() {
    }

    /** Whether the whole payload was copied. */
    static boolean whole(MessageEvent m) {
        return m.payload() != null && !m.truncated() && m.captured() == m.size();
    }

    /**
     * The CompactSize at the start of the captured payload (the item count of a list message), or
     * -1 when too little was captured or it is not canonical (Core would reject the message).
     */
    static long leadingCount(MessageEvent m) {
        byte[] b = m.payload();
        int n = b == null ? 0 : Math.min(b.length, m.captured());
        if (n < 1) {
            return -1;
        }
        int first = b[0] & 0xff;
        long v;
        if (first < 253) {
            return first;
        } else if (first == 253) {
            if (n < 3) {
                return -1;
            }
            v = (b[1] & 0xff) | (b[2] & 0xff) << 8;
            if (v < 253) {
                return -1;
            }
        } else if (first == 254) {
            if (n < 5) {
                return -1;
            }
            v = (b[1] & 0xffL) | (b[2] & 0xffL) << 8 | (b[3] & 0xffL) << 16 | (b[4] & 0xffL) << 24;
            if (v < 0x10000) {
                return -1;
            }
        } else {
            return -1; // 8-byte counts are beyond MAX_SIZE whatever they say
        }
        return v > MAX_SIZE ? -1 : v;
    }

    /** Bytes a CompactSize of {@code n} takes. */
    static int compactSizeBytes(long n) {
        return n < 253 ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
    }

    /**
     * The item count of a list message of fixed-size items: from the captured count, else from the
     * wire size (size = CompactSize(n) + n * itemBytes has one solution); -1 when neither says.
     */
    public static long count(MessageEvent m, int itemBytes) {
        long n = leadingCount(m);
        if (n >= 0) {
            return n;
        }
        for (int prefix : COUNT_PREFIXES) {
            long rest = m.size() - prefix;
            if (rest >= 0 && rest % itemBytes == 0 && compactSizeBytes(rest / itemBytes) == prefix) {
                return rest / itemBytes;
            }
        }
        return -1;
    }

    /**
     * Transaction items (MSG_TX, MSG_WTX, with or without the witness flag) of an inv, getdata or
     * notfound message; items beyond the capture are counted as transactions ({@code uncapturedAsTx})
     * or not.
     */
    static int txItems(MessageEvent m, boolean uncapturedAsTx) {
        long n = count(m, INV_ITEM_BYTES);
        if (n <= 0) {
            return 0;
        }
        byte[] b = m.payload();
        int captured = b == null ? 0 : Math.min(b.length, m.captured());
        int at = compactSizeBytes(n);
        int tx = 0;
        long seen = 0;
        for (; seen < n && at + INV_ITEM_BYTES <= captured; seen++, at += INV_ITEM_BYTES) {
            int type = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xbf) << 24; // without MSG_WITNESS_FLAG
            if (type == 1 || type == 5) {
                tx++;
            }
        }
        return uncapturedAsTx ? tx + (int) Math.min(Integer.MAX_VALUE, n - seen) : tx;
    }
}
