package dev.nodescope.archive;

import dev.nodescope.error.UserException;

/** An archive that cannot be read at all (not an archive, a newer format, unreadable): a one-line reason. */
public final class ArchiveException extends UserException {
    public ArchiveException(String message) {
        super(message);
    }
}
