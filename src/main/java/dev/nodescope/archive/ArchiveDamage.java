package dev.nodescope.archive;

import java.nio.file.Path;

/**
 * A range of an archive file that could not be read: where it starts, how many bytes were
 * skipped, what the reader expected there, and how many events were lost with it (-1: unknown,
 * the block's frame itself was damaged).
 */
public record ArchiveDamage(Path file, long offset, long length, String expected, long eventsLost) {
    /** One line for a person: file, byte range, what was expected, what was lost. */
    public String describe() {
        return file + ": damaged bytes " + offset + ".." + (offset + length) + ": expected " + expected
                + (eventsLost > 0 ? "; " + eventsLost + " events lost" : eventsLost < 0 ? "; events in it unknown" : "")
                + "; continuing with the next good block";
    }
}
