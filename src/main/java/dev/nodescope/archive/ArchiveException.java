package dev.nodescope.archive;

/** An archive that cannot be read at all (not an archive, a newer format, unreadable): a one-line reason. */
public final class ArchiveException extends Exception {
    public ArchiveException(String message) {
        super(message);
    }
}
