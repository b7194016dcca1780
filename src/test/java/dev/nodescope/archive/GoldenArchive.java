package dev.nodescope.archive;

import dev.nodescope.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the checked-in archive that {@link OldArchivesTest} reads: events of every kind made by
 * {@link SyntheticEvents}, recorded by the code as of 1ae6931 (before the event fields were
 * declared once and the block codec moved to dev.nodescope.codec). Run once, with that code:
 * {@code java -cp target/test-classes:target/classes:... dev.nodescope.archive.GoldenArchive DIR}.
 * Re-running it with newer code up to e0774ba (the last to write format version 1, deflate) is how
 * to check by hand that the bytes did not change; later code writes the same blocks zstd-compressed.
 */
final class GoldenArchive {
    static final int EVENTS = 800;
    static final long SEED = 12;
    static final int BLOCK_BYTES = 4 << 10;

    private GoldenArchive() {
    }

    static List<Event> events() {
        return SyntheticEvents.mix(EVENTS, SEED);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Event> events = events();
        List<Path> files = ArchiveRoundTripTest.record(dir, events, BLOCK_BYTES, 0);
        Files.write(dir.resolve("events.jsonl"), SyntheticEvents.json(events));
        System.out.println(files);
    }
}
