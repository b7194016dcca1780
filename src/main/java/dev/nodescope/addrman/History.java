package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A directory of snapshot files in time order ({@code addrman watch --out DIR}): a full snapshot,
 * then diffs, each against the one before. Files are named by sequence number and time
 * ({@code 000042-20261202T040000Z.nsam}), so name order is history order.
 *
 * <p>A damaged or missing diff breaks the chain: the snapshots after it cannot be rebuilt until the
 * next full one; reading says so in one line and stops there.
 */
public final class History {
    private final Path dir;
    private final List<Path> files;

    private History(Path dir, List<Path> files) {
        this.dir = dir;
        this.files = files;
    }

    public static History open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + " is not a directory of addrman snapshots");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(SnapshotFile.EXTENSION)).sorted().toList();
            return new History(dir, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public List<Path> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The file name for the {@code sequence}-th snapshot, taken at {@code timeMillis}. */
    public static String fileName(long sequence, long timeMillis) {
        String t = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(timeMillis));
        return String.format("%06d-%s%s", sequence, t, SnapshotFile.EXTENSION);
    }

    /** The snapshot one file of the history stands for (a diff is rebuilt from the full one before it). */
    public AddrmanSnapshot snapshot(Path file) {
        int index = files.indexOf(file);
        if (index < 0) {
            index = files.indexOf(dir.resolve(file.getFileName()));
        }
        if (index < 0) {
            throw new UserException(file + " is not in " + dir);
        }
        int start = index;
        while (start > 0 && SnapshotFile.header(read(files.get(start)), name(files.get(start))).kind() != SnapshotFile.Kind.FULL) {
            start--;
        }
        AddrmanSnapshot s = null;
        for (int i = start; i <= index; i++) {
            s = next(s, files.get(i));
        }
        return s;
    }

    /** The last snapshot of the history. */
    public AddrmanSnapshot last() {
        if (files.isEmpty()) {
            throw new UserException(dir + " holds no addrman snapshots (*" + SnapshotFile.EXTENSION + ")");
        }
        return snapshot(files.getLast());
    }

    /** Every snapshot in order, each rebuilt from the one before: one pass over the files. */
    public Iterator<AddrmanSnapshot> iterator() {
        return new Iterator<>() {
            int i = 0;
            AddrmanSnapshot previous;

            @Override
            public boolean hasNext() {
                return i < files.size();
            }

            @Override
            public AddrmanSnapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                previous = History.this.next(previous, files.get(i++));
                return previous;
            }
        };
    }

    private AddrmanSnapshot next(AddrmanSnapshot previous, Path file) {
        byte[] bytes = read(file);
        SnapshotFile.Header h = SnapshotFile.header(bytes, name(file));
        if (h.kind() == SnapshotFile.Kind.FULL) {
            return SnapshotFile.readFull(bytes, name(file));
        }
        if (previous == null) {
            throw new DamagedSnapshotException(name(file) + " holds changes but no whole snapshot comes before it in " + dir);
        }
        return SnapshotFile.applyDiff(previous, bytes, name(file));
    }

    /** A snapshot file on its own or within its history: a diff file is rebuilt through its directory. */
    public static AddrmanSnapshot load(Path path) {
        if (Files.isDirectory(path)) {
            return open(path).last();
        }
        byte[] bytes = read(path);
        SnapshotFile.Header h = SnapshotFile.header(bytes, path.toString());
        if (h.kind() == SnapshotFile.Kind.FULL) {
            return SnapshotFile.readFull(bytes, path.toString());
        }
        Path parent = path.toAbsolutePath().getParent();
        return open(parent).snapshot(path.toAbsolutePath());
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException("no such snapshot file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String name(Path file) {
        return file.toString();
    }

    /** Every file's header, for listing a history. */
    public List<SnapshotFile.Header> headers() {
        List<SnapshotFile.Header> out = new ArrayList<>();
        for (Path f : files) {
            out.add(SnapshotFile.header(read(f), name(f)));
        }
        return out;
    }
}
