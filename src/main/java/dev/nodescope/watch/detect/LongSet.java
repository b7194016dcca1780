package dev.nodescope.watch.detect;

/** A set of 64-bit hashes with a fixed capacity (open addressing); once full it remembers nothing more. */
final class LongSet {
    private final long[] slots;
    private final boolean[] used;
    private final int capacity;
    private int size;

    LongSet(int capacity) {
        this.capacity = capacity;
        int n = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
        slots = new long[n];
        used = new boolean[n];
    }

    /** Adds {@code h}; false when it was there already (a full set adds nothing and says true). */
    boolean add(long h) {
        int mask = slots.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (!used[i]) {
                if (size < capacity) {
                    used[i] = true;
                    slots[i] = h;
                    size++;
                }
                return true;
            }
            if (slots[i] == h) {
                return false;
            }
        }
    }
}
