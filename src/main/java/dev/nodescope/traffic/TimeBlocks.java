package dev.nodescope.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts per time block of the window (block 0 starts at the window's start), per message type,
 * per direction and per connection type, with the transactions accepted: the samples a
 * comparison resamples and the plots draw. Memory is bounded by {@code maxBlocks}: when a long
 * window would need more, adjacent blocks merge and the block length doubles.
 *
 * <p>Layout of a block: for each group (the types, then the two directions, then the connection
 * types) messages, payload bytes and messages without a BIP324 short id; last, the accepted
 * transactions.
 */
final class TimeBlocks {
    private static final int FIELDS = 3;

    private final int types;
    private final int conns;
    private final int width;
    private final int maxBlocks;
    private final List<long[]> blocks = new ArrayList<>();
    private long blockNanos;

    TimeBlocks(long blockNanos, int maxBlocks, int typeCapacity, int connCapacity) {
        this.blockNanos = blockNanos;
        this.maxBlocks = maxBlocks;
        this.types = typeCapacity;
        this.conns = connCapacity;
        this.width = FIELDS * (typeCapacity + 2 + connCapacity) + 1;
    }

    void message(long offsetNanos, int type, Direction dir, int conn, long size, boolean longId) {
        long[] b = block(offsetNanos);
        add(b, type, size, longId);
        add(b, types + dir.ordinal(), size, longId);
        add(b, types + 2 + conn, size, longId);
    }

    void accepted(long offsetNanos) {
        block(offsetNanos)[width - 1]++;
    }

    private static void add(long[] b, int group, long size, boolean longId) {
        int at = group * FIELDS;
        b[at]++;
        b[at + 1] += size;
        if (longId) {
            b[at + 2]++;
        }
    }

    private long[] block(long offsetNanos) {
        long i = Math.max(0, offsetNanos) / blockNanos;
        while (i >= maxBlocks) {
            coarsen();
            i = Math.max(0, offsetNanos) / blockNanos;
        }
        while (blocks.size() <= i) {
            blocks.add(new long[width]);
        }
        return blocks.get((int) i);
    }

    /** Halves the number of blocks: pairs merge, the block length doubles. */
    private void coarsen() {
        List<long[]> merged = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i += 2) {
            long[] a = blocks.get(i);
            if (i + 1 < blocks.size()) {
                long[] b = blocks.get(i + 1);
                for (int k = 0; k < width; k++) {
                    a[k] += b[k];
                }
            }
            merged.add(a);
        }
        blocks.clear();
        blocks.addAll(merged);
        blockNanos *= 2;
    }

    /** The blocks covering a window of {@code durationNanos} (quiet blocks at its end included). */
    Series finish(long durationNanos) {
        while (Math.max(1, (durationNanos + blockNanos - 1) / blockNanos) > maxBlocks) {
            coarsen();
        }
        long n = Math.max(1, (durationNanos + blockNanos - 1) / blockNanos);
        while (blocks.size() < n) {
            blocks.add(new long[width]);
        }
        long[] lengths = new long[blocks.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = Math.max(0, Math.min(blockNanos, durationNanos - i * blockNanos));
        }
        return new Series(blockNanos, lengths, blocks.stream().map(long[]::clone).toArray(long[][]::new), types, conns);
    }

    /** The finished blocks: per block its length in ns and its counts (layout above). */
    record Series(long blockNanos, long[] lengths, long[][] counts, int types, int conns) {
        int size() {
            return lengths.length;
        }

        private int group(Grouping g, int index) {
            return switch (g) {
                case MSG_TYPE -> index;
                case DIRECTION -> types + index;
                case CONN_TYPE -> types + 2 + index;
            };
        }

        /** Per block, the bytes ({@code m}) of one row of a grouping. */
        long[] bytes(Grouping g, int index, Measure m) {
            int at = group(g, index) * FIELDS;
            long[] out = new long[size()];
            for (int i = 0; i < out.length; i++) {
                Counts c = new Counts();
                c.messages = counts[i][at];
                c.payloadBytes = counts[i][at + 1];
                c.longIdMessages = counts[i][at + 2];
                out[i] = c.bytes(m);
            }
            return out;
        }

        /** Per block, the bytes of all messages (the two directions together). */
        long[] totalBytes(Measure m) {
            long[] a = bytes(Grouping.DIRECTION, 0, m);
            long[] b = bytes(Grouping.DIRECTION, 1, m);
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        }

        long[] accepted() {
            long[] out = new long[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = counts[i][counts[i].length - 1];
            }
            return out;
        }

        static long[] sum(long[] a, long[] b) {
            long[] out = Arrays.copyOf(a, a.length);
            for (int i = 0; i < out.length; i++) {
                out[i] += b[i];
            }
            return out;
        }
    }
}
