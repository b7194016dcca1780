package dev.nodescope.archive;

import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.OutboundMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Records events into archive files in a directory. The stream thread only encodes events into
 * the current block (cheap); a writer thread compresses and writes sealed blocks, so disk and
 * compression never stall extraction. A block is sealed when it holds {@code blockBytes}, or at the
 * latest {@code maxBlockAge} after its first event even when no more events come: a
 * {@code kill -9} loses at most about that much. Files are synced at most a second apart.
 *
 * <p>When writing fails the recorder fails loudly and never hangs its caller: the writer thread
 * keeps every failure (an I/O error, or a bug), from then on only recycles blocks, and the next
 * {@link #accept} and {@link #close} throw it. Should the writer thread die all the same, the
 * stream thread notices within {@link #HANDOFF_CHECK} instead of waiting forever for a block.
 */
public final class Recorder implements AutoCloseable {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final BlockEncoder POISON = new BlockEncoder(0);
    /** How long the stream thread waits for the writer before it checks the writer is still alive. */
    static final Duration HANDOFF_CHECK = Duration.ofMillis(100);

    private final Path directory;
    private final ArchiveHeader header;
    private final long rotateBytes;
    private final Duration rotateAge;
    private final int blockBytes;
    private final long maxBlockAgeNanos;
    private final IpRedactor redactor;
    private final boolean keepPayloads;
    private final BlockingQueue<BlockEncoder> sealed = new ArrayBlockingQueue<>(16);
    /**
     * Blocks ready for the stream thread, the one written last first: in a burst the writer keeps
     * up, so the same two or three blocks cycle and grow to full size while the rest stay small.
     * Taken in turn (a FIFO), all 17 grew: ~21 MiB of full blocks and as much of their outgrown
     * arrays, promoted to the old generation (issue 18, a real node's reindex: record's peak resident
     * set ~40 MiB higher).
     */
    private final BlockingDeque<BlockEncoder> free = new LinkedBlockingDeque<>(18);
    private final Thread writerThread;
    private final List<Path> files = new ArrayList<>();
    /** Guards the current block; the writer thread only ever tries it, so a stream thread waiting for a free block cannot deadlock with it. */
    private final ReentrantLock lock = new ReentrantLock();
    private BlockEncoder current;
    private long currentStartedNanos;
    /** The first thing that went wrong in the writer thread: an IOException, or anything else (a bug). */
    private volatile Throwable failure;
    /** Test hook: runs in the writer thread before each block is written (null in production). */
    private final Consumer<BlockEncoder> beforeWrite;
    private volatile boolean closed;
    private long eventsAccepted;
    // writer thread only
    private ArchiveFileWriter file;
    private long fileOpenedNanos;
    private long lastSyncNanos;

    private Recorder(Builder b) throws IOException {
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.header = b.header;
        this.rotateBytes = b.rotateBytes;
        this.rotateAge = b.rotateAge;
        this.blockBytes = b.blockBytes;
        this.maxBlockAgeNanos = b.maxBlockAge.toNanos();
        this.redactor = b.redactIps ? IpRedactor.withRandomKey() : null;
        this.keepPayloads = b.keepPayloads;
        this.beforeWrite = b.beforeWrite;
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new IOException("cannot write to " + directory);
        }
        // blocks start at a sixteenth of their full size and double up to it (1.25 MiB for 1 MiB
        // blocks) only as the traffic fills them before they are sealed: a quiet node's blocks,
        // sealed by age, stay small instead of 17 x 1.25 MiB of heap (issue 18: resident memory)
        int fullCapacity = blockBytes + (blockBytes >> 2);
        for (int i = 0; i < 17; i++) {
            free.add(new BlockEncoder(Math.max(4096, fullCapacity >> 4)));
        }
        current = free.poll();
        openFile(); // fails here, on the caller's thread, when the directory is not usable
        writerThread = Thread.ofPlatform().name("nodescope-recorder").daemon(true).start(this::writeLoop);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A recorder configured like this one (header, payloads, redaction) into {@code dir}, without
     * rotation and with small blocks: a tool's rehearsal (tool/Rehearsal). Its blocks fill and go
     * to the writer as this one's do, in a few MiB of heap instead of this one's full blocks.
     */
    public Recorder understudy(Path dir) throws IOException {
        return builder().directory(dir).header(header).blockBytes(Math.min(blockBytes, 64 << 10))
                .maxBlockAge(Duration.ofNanos(maxBlockAgeNanos)).redactIps(redactor != null).keepPayloads(keepPayloads).build();
    }

    /** Appends one event (called on the stream thread). */
    public void accept(Event e) {
        throwIfFailed();
        Event stored = keepPayloads ? e : MessageEvent.withoutPayload(e);
        stored = redactor == null ? stored : redactor.apply(stored);
        lock.lock();
        try {
            if (current.isEmpty()) {
                currentStartedNanos = System.nanoTime();
            }
            current.add(stored);
            eventsAccepted++;
            if (current.rawSize() >= blockBytes) {
                sealLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Seals the current block if it is old enough (the stream's flush points call this). */
    public void flush() {
        lock.lock();
        try {
            sealIfOldLocked();
        } finally {
            lock.unlock();
        }
    }

    private void sealIfOldLocked() {
        if (!current.isEmpty() && System.nanoTime() - currentStartedNanos >= maxBlockAgeNanos) {
            sealLocked();
        }
    }

    private void sealLocked() {
        try {
            while (!sealed.offer(current, HANDOFF_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                checkWriterAlive();
            }
            BlockEncoder next;
            while ((next = free.pollFirst(HANDOFF_CHECK.toMillis(), TimeUnit.MILLISECONDS)) == null) {
                checkWriterAlive();
            }
            current = next;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a block to the writer", ie);
        }
    }

    /** Throws what the writer thread ran into: an I/O error as UncheckedIOException, anything else as a bug. */
    private void throwIfFailed() {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new UncheckedIOException("cannot write the archive in " + directory + ": " + io.getMessage(), io);
        }
        if (f != null) {
            throw new IllegalStateException("the archive writer failed (" + directory + ")", f);
        }
    }

    /** The writer thread only ends on POISON; gone before that, it died of something it did not catch. */
    private void checkWriterAlive() {
        throwIfFailed();
        if (!writerThread.isAlive()) {
            throw new IllegalStateException("the archive writer thread ended unexpectedly (" + directory + ")");
        }
    }

    private void writeLoop() {
        try {
            writeBlocks();
        } catch (Throwable t) {
            // kept for the stream thread, which checks it (and that this thread lives) while it waits
            fail(t);
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    private void writeBlocks() {
        while (true) {
            BlockEncoder block;
            try {
                block = sealed.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (block == null) {
                // the stream went quiet: an old block still goes out. Only tried: a stream thread
                // holding the lock is busy adding events and seals by itself.
                if (lock.tryLock()) {
                    try {
                        sealIfOldLocked();
                    } finally {
                        lock.unlock();
                    }
                }
                syncIfDue();
                continue;
            }
            if (block == POISON) {
                return;
            }
            try {
                if (failure == null) {
                    if (beforeWrite != null) {
                        beforeWrite.accept(block);
                    }
                    rotateIfDue();
                    file.write(block);
                    syncIfDue();
                }
            } catch (Exception | Error e) {
                // after a failure blocks are only recycled, so the stream thread never waits for one
                fail(e);
            } finally {
                block.reset();
                free.addFirst(block);
            }
        }
    }

    private void syncIfDue() {
        if (file != null && file.unsynced() && System.nanoTime() - lastSyncNanos >= 1_000_000_000L && failure == null) {
            try {
                file.sync();
                lastSyncNanos = System.nanoTime();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void rotateIfDue() throws IOException {
        boolean bySize = rotateBytes > 0 && file.size() >= rotateBytes;
        boolean byAge = rotateAge != null && System.nanoTime() - fileOpenedNanos >= rotateAge.toNanos();
        if ((bySize || byAge) && file.events() > 0) {
            closeFile();
            openFile();
        }
    }

    private void openFile() throws IOException {
        Instant now = Instant.now();
        int index = files.size() + 1;
        Path path = directory.resolve("nodescope-" + FILE_TIME.format(now) + "-" + String.format("%04d", index)
                + ArchiveFormat.EXTENSION);
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        file = ArchiveFileWriter.create(path, header.withFileIndex(index).withCreated(nanos));
        synchronized (files) {
            files.add(path);
        }
        fileOpenedNanos = System.nanoTime();
        lastSyncNanos = fileOpenedNanos;
    }

    private void closeFile() throws IOException {
        ArchiveFileWriter f = file;
        file = null;
        f.close();
    }

    /**
     * Writes the last block, syncs and closes; throws what went wrong while writing, if anything
     * (an IOException as such, anything else as an IllegalStateException: a bug). Never waits for
     * a writer thread that died.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.lock();
            try {
                if (!current.isEmpty() && failure == null) {
                    sealLocked();
                }
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException writerGone) {
            fail(writerGone); // reported below, once the file is closed
        }
        try {
            while (writerThread.isAlive() && !sealed.offer(POISON, HANDOFF_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                // the writer is busy: offer again while it lives (a dead one takes nothing)
            }
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            closeFile();
        }
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new IllegalStateException("the archive writer failed (" + directory + ")", f);
        }
    }

    /** The files written so far, in order. */
    public List<Path> files() {
        synchronized (files) {
            return List.copyOf(files);
        }
    }

    /** Blocks waiting for the stream thread (tests: the writer has returned every sealed block when this is 16). */
    int freeBlocks() {
        return free.size();
    }

    public long eventsAccepted() {
        lock.lock();
        try {
            return eventsAccepted;
        } finally {
            lock.unlock();
        }
    }

    /** Payloads left out because they carry peer addresses (version, addr, addrv2) under {@code redactIps}. */
    public long payloadsRedacted() {
        return redactor == null ? 0 : redactor.payloadsDropped();
    }

    public static final class Builder {
        private Path directory;
        private ArchiveHeader header;
        private long rotateBytes;
        private Duration rotateAge;
        private int blockBytes = 1 << 20;
        private Duration maxBlockAge = Duration.ofMillis(500);
        private boolean redactIps;
        private boolean keepPayloads = true;
        private Consumer<BlockEncoder> beforeWrite;

        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        public Builder header(ArchiveHeader header) {
            this.header = header;
            return this;
        }

        /** Starts a new file once the current one holds this many bytes (0: never). */
        public Builder rotateBytes(long bytes) {
            this.rotateBytes = bytes;
            return this;
        }

        /** Starts a new file once the current one is this old (null: never). */
        public Builder rotateAge(Duration age) {
            this.rotateAge = age;
            return this;
        }

        public Builder blockBytes(int bytes) {
            this.blockBytes = bytes;
            return this;
        }

        public Builder maxBlockAge(Duration age) {
            this.maxBlockAge = age;
            return this;
        }

        public Builder redactIps(boolean redact) {
            this.redactIps = redact;
            return this;
        }

        /**
         * Whether P2P payloads the source copied are stored (default true). False stores messages
         * as if payloads had not been asked for: {@code record --payload none --watch}, whose
         * source copies them for the detectors only.
         */
        public Builder keepPayloads(boolean keep) {
            this.keepPayloads = keep;
            return this;
        }

        /** Test hook: runs in the writer thread before each block is written. */
        Builder beforeWrite(Consumer<BlockEncoder> hook) {
            this.beforeWrite = hook;
            return this;
        }

        public Recorder build() throws IOException {
            return new Recorder(this);
        }
    }
}
