package dev.nodescope.archive;

/** Bytes of a block that do not follow the format: where, and what was expected there. */
final class DamageException extends Exception {
    final long offset;
    final String expected;

    DamageException(long offset, String expected) {
        super("expected " + expected + " at offset " + offset);
        this.offset = offset;
        this.expected = expected;
    }
}
