package dev.nodescope.archive;

import dev.nodescope.codec.BlockDecoder;
import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One recording of a replay of several (a {@code --replay} argument: an archive file, or a
 * directory of them in recording order), read one block at a time: the next event is
 * {@link #peek}ed, then {@link #take}n. At most one decoded block is held, so merging any number
 * of recordings keeps memory to a block each.
 */
final class RecordingCursor implements AutoCloseable {
    private final List<Path> files;
    private final Consumer<ArchiveDamage> damage;
    private final long fromNanos;
    private final long toNanos;
    private final BlockDecoder decoder = new BlockDecoder();
    /** The block's events as the decoder delivers them: the ones the replay's sink wants, in the window. */
    private final Collector collected;
    private int nextFile;
    private ArchiveFile file;
    private ArchiveFile.Blocks blocks;
    private long bytesOfFilesDone;
    private int index;
    private long latestBlockNanos = Long.MIN_VALUE;

    RecordingCursor(List<Path> files, EventSink wants, Consumer<ArchiveDamage> damage, long fromNanos, long toNanos) {
        this.files = files;
        this.damage = damage;
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.collected = new Collector(wants);
    }

    /** The next event, null once the recording is over. */
    Event peek() throws IOException, ArchiveException {
        while (index == collected.events.size()) {
            if (!nextBlock()) {
                return null;
            }
        }
        return collected.events.get(index);
    }

    /** The event {@link #peek} returned, now taken. */
    Event take() {
        return collected.events.get(index++);
    }

    /** Bytes of this recording's files read so far. */
    long bytesDone() {
        return bytesOfFilesDone + (blocks == null ? 0 : blocks.position());
    }

    /** Decodes the next block that has events (of the next file when this one is done); false when none is left. */
    private boolean nextBlock() throws IOException, ArchiveException {
        collected.events.clear();
        index = 0;
        while (true) {
            if (blocks == null) {
                if (nextFile == files.size()) {
                    return false;
                }
                file = ArchiveFile.open(files.get(nextFile++));
                blocks = file.blocks(damage, fromNanos, toNanos);
            }
            if (blocks.next((frame, raw, offset) -> {
                decoder.decode(raw, frame.rawLength(), collected, fromNanos, toNanos, null);
                return true;
            })) {
                return true;
            }
            bytesOfFilesDone += file.size();
            closeFile();
        }
    }

    /** The latest event time of the blocks this recording's files met ({@link ArchiveFile#latestBlockNanos}). */
    long latestBlockNanos() {
        return file == null ? latestBlockNanos : Math.max(latestBlockNanos, file.latestBlockNanos());
    }

    private void closeFile() {
        if (file != null) {
            latestBlockNanos = Math.max(latestBlockNanos, file.latestBlockNanos());
            file.close();
        }
        file = null;
        blocks = null;
    }

    @Override
    public void close() {
        closeFile();
    }

    /** Keeps a block's events; asks the replay's sink which tracepoints it wants, so the others are not even decoded. */
    private static final class Collector implements EventSink {
        private final EventSink wants;
        private final List<Event> events = new ArrayList<>();

        Collector(EventSink wants) {
            this.wants = wants;
        }

        @Override
        public boolean wants(Tracepoint tp) {
            return wants.wants(tp);
        }

        @Override
        public void accept(Event e) {
            events.add(e);
        }

        @Override
        public void flush() {
        }
    }
}
