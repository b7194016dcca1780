package dev.nodescope.addrman;

/** addrman's two tables: buckets of 64 positions each (Core: 1024 new buckets, 256 tried). */
public enum Table {
    NEW("new", 1024),
    TRIED("tried", 256);

    public static final int BUCKET_SIZE = 64;

    private final String jsonName;
    private final int buckets;

    Table(String jsonName, int buckets) {
        this.jsonName = jsonName;
        this.buckets = buckets;
    }

    public String jsonName() {
        return jsonName;
    }

    public int buckets() {
        return buckets;
    }

    public int slots() {
        return buckets * BUCKET_SIZE;
    }

    /** A slot of both tables as one number: new 0..65535, then tried. */
    public int slot(int bucket, int position) {
        return (this == NEW ? 0 : NEW.slots()) + bucket * BUCKET_SIZE + position;
    }

    public static Table ofSlot(int slot) {
        return slot < NEW.slots() ? NEW : TRIED;
    }

    public static final int ALL_SLOTS = 1024 * BUCKET_SIZE + 256 * BUCKET_SIZE;
}
