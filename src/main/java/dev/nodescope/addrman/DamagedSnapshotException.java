package dev.nodescope.addrman;

/** A snapshot file that cannot be read as one: damaged, cut, not ours, or out of its history's order. */
public final class DamagedSnapshotException extends IllegalArgumentException {
    public DamagedSnapshotException(String message) {
        super(message);
    }
}
