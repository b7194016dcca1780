package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends snapshots to a history directory: the first whole, every later one as its changes. A
 * restarted watch continues the history it finds (from its last readable snapshot); when the end
 * of the history cannot be rebuilt, it starts again with a whole snapshot, losing nothing already
 * written. Each file appears complete or not at all (written aside, synced, renamed).
 */
public final class HistoryWriter {
    private final Path dir;
    private long sequence;
    private AddrmanSnapshot previous;
    private String resumeNote;

    private HistoryWriter(Path dir) {
        this.dir = dir;
    }

    public static HistoryWriter open(Path dir) throws IOException {
        Files.createDirectories(dir);
        HistoryWriter w = new HistoryWriter(dir);
        History h = History.open(dir);
        if (!h.isEmpty()) {
            w.sequence = sequenceOf(h.files().getLast()) + 1;
            try {
                w.previous = h.last();
            } catch (UserException | java.io.UncheckedIOException e) {
                w.resumeNote = "the end of the history cannot be rebuilt (" + e.getMessage() + "); starting with a whole snapshot";
            }
        }
        return w;
    }

    /** Why a resumed history starts with a whole snapshot again, or null. */
    public String resumeNote() {
        return resumeNote;
    }

    /** Writes {@code s}; returns the file written. */
    public Path append(AddrmanSnapshot s) throws IOException {
        if (previous != null && s.timeMillis() <= previous.timeMillis()) {
            throw new UserException("snapshot time " + java.time.Instant.ofEpochMilli(s.timeMillis())
                    + " is not after the history's last one (clock went back?)");
        }
        byte[] bytes = previous == null ? SnapshotFile.full(s) : SnapshotFile.diff(previous, s);
        Path file = dir.resolve(History.fileName(sequence, s.timeMillis()));
        write(file, bytes);
        sequence++;
        previous = s;
        return file;
    }

    /** Writes one file atomically: aside, synced, renamed into place. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        try {
            return Long.parseLong(name.substring(0, dash < 0 ? name.length() : dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
