package dev.nodescope.addrman;

import dev.nodescope.error.UserException;

/** A snapshot file that cannot be read as one: damaged, cut, not ours, or out of its history's order. */
public final class DamagedSnapshotException extends UserException {
    public DamagedSnapshotException(String message) {
        super(message);
    }
}
