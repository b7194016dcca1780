package dev.nodescope.codec;

/** Bytes of a block that do not follow the format: where (offset within the block), and what was expected there. */
public final class MalformedBlockException extends Exception {
    private final long offset;
    private final String expected;

    public MalformedBlockException(long offset, String expected) {
        super("expected " + expected + " at offset " + offset);
        this.offset = offset;
        this.expected = expected;
    }

    public long offset() {
        return offset;
    }

    public String expected() {
        return expected;
    }
}
