package dev.nodescope.archive;

import dev.nodescope.codec.BlockDecoder;
import dev.nodescope.error.UserException;
import dev.nodescope.event.Event;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.Pacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Events from archive files, through the same {@link EventSource} contract as the live extractor:
 * every tool takes {@code --replay} the way it takes {@code --pid}. Delivers as fast as it can
 * ({@code speed} 0) or paced by the recorded times ({@code speed} 1 = as recorded, 10 = ten times
 * faster), pausable. Damaged ranges are reported to {@code onDamage} and skipped. Several
 * recordings (each path given: a file, or a directory of a recording's files) play as one, merged
 * by event time: a fleet recorded node by node replays as the fleet it was.
 */
public final class ArchiveSource implements EventSource, Pacing {
    /** Where a replay begins or ends: a UTC instant, or an offset from the archive's first event. */
    public record TimeBound(Instant instant, Duration offset) {
        public static TimeBound at(Instant instant) {
            return new TimeBound(instant, null);
        }

        public static TimeBound afterStart(Duration offset) {
            return new TimeBound(null, offset);
        }

        long resolve(long startNanos) {
            return instant != null ? instant.getEpochSecond() * 1_000_000_000L + instant.getNano() : startNanos + offset.toNanos();
        }
    }

    /** How often a merge publishes its counts and flushes (a single recording does at each block). */
    private static final int MERGE_FLUSH_EVENTS = 1024;

    /** Each path given: its files in recording order. */
    private final List<List<Path>> recordings;
    private final List<Path> files;
    private final Set<Tracepoint> events;
    private final TimeBound from;
    private final TimeBound to;
    private final Consumer<ArchiveDamage> onDamage;
    /**
     * What was recorded (hits, losses live) and what this replay adds: the records of damaged
     * blocks, counted with the recorded decode losses.
     */
    private final SourceStats.Tally stats = new SourceStats.Tally();
    private volatile SourceStats published = SourceStats.empty();
    private volatile boolean stopRequested;
    private volatile boolean paused;
    private volatile double speed;
    /** Set when pause or speed change: the pacing clock starts again from the next event. */
    private volatile boolean reanchor;
    private volatile long bytesTotal;
    private volatile long bytesDone;
    private volatile long latestBlockNanos = Long.MIN_VALUE;

    private ArchiveSource(Builder b) throws ArchiveException {
        List<List<Path>> recordings = new ArrayList<>();
        for (Path p : b.paths) {
            recordings.add(resolve(List.of(p)));
        }
        this.recordings = List.copyOf(recordings);
        this.files = recordings.stream().flatMap(List::stream).toList();
        this.events = b.events;
        this.from = b.from;
        this.to = b.to;
        this.speed = b.speed;
        this.onDamage = b.onDamage;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A directory stands for its {@code *.nsa} files in name order (which is recording order). */
    static List<Path> resolve(List<Path> paths) throws ArchiveException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> inDir = s.filter(f -> f.getFileName().toString().endsWith(ArchiveFormat.EXTENSION))
                            .filter(Files::isRegularFile).sorted().toList();
                    if (inDir.isEmpty()) {
                        throw new ArchiveException(p + ": no archive files (*" + ArchiveFormat.EXTENSION + ") in this directory");
                    }
                    out.addAll(inDir);
                } catch (IOException e) {
                    throw new ArchiveException(p + ": cannot list: " + e.getMessage());
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new ArchiveException(p + ": no such file or directory");
            }
        }
        return out;
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public void run(EventSink sink) throws Exception {
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
        }
        bytesTotal = total;
        Bounds bounds = bounds();
        long fromNanos = bounds.fromNanos();
        long toNanos = bounds.toNanos();
        Pacer pacer = new Pacer(sink);
        if (recordings.size() == 1) {
            stream(pacer, fromNanos, toNanos);
        } else {
            merge(pacer, fromNanos, toNanos);
        }
        published = stats.snapshot();
        sink.flush();
    }

    /** One recording: each block's events go straight to the sink as they are decoded. */
    private void stream(Pacer pacer, long fromNanos, long toNanos) throws IOException, ArchiveException {
        BlockDecoder decoder = new BlockDecoder();
        long done = 0;
        for (Path p : files) {
            if (stopRequested) {
                break;
            }
            try (ArchiveFile file = ArchiveFile.open(p)) {
                long base = done;
                file.readBlocks((frame, raw, offset) -> {
                    bytesDone = base + offset;
                    decoder.decode(raw, frame.rawLength(), pacer, fromNanos, toNanos, null);
                    published = stats.snapshot();
                    pacer.flush();
                    return !stopRequested;
                }, this::damage, fromNanos, toNanos);
                latestBlockNanos = Math.max(latestBlockNanos, file.latestBlockNanos());
                done += file.size();
                bytesDone = done;
            }
        }
    }

    /**
     * Several recordings: a k-way merge by event time, one block of each held at a time. Each
     * recording's own order is kept (only its next event competes); an earlier path goes first on a tie.
     */
    private void merge(Pacer pacer, long fromNanos, long toNanos) throws IOException, ArchiveException {
        List<RecordingCursor> cursors = new ArrayList<>();
        try {
            for (List<Path> r : recordings) {
                cursors.add(new RecordingCursor(r, pacer, this::damage, fromNanos, toNanos));
            }
            // the heads by time, then by position on the command line
            PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(Head::epochNanos).thenComparingInt(Head::recording));
            for (int i = 0; i < cursors.size(); i++) {
                Event first = cursors.get(i).peek();
                if (first != null) {
                    heads.add(new Head(first.meta().epochNanos(), i));
                }
            }
            long delivered = 0;
            while (!heads.isEmpty() && !stopRequested) {
                Head head = heads.poll();
                RecordingCursor cursor = cursors.get(head.recording());
                pacer.accept(cursor.take());
                Event next = cursor.peek();
                if (next != null) {
                    heads.add(new Head(next.meta().epochNanos(), head.recording()));
                }
                if (++delivered % MERGE_FLUSH_EVENTS == 0) {
                    bytesDone = cursors.stream().mapToLong(RecordingCursor::bytesDone).sum();
                    published = stats.snapshot();
                    pacer.flush();
                }
            }
            bytesDone = cursors.stream().mapToLong(RecordingCursor::bytesDone).sum();
        } finally {
            cursors.forEach(RecordingCursor::close);
            latestBlockNanos = Math.max(latestBlockNanos, cursors.stream().mapToLong(RecordingCursor::latestBlockNanos).max()
                    .orElse(Long.MIN_VALUE));
        }
    }

    /**
     * The latest event time (epoch ns) of the archive blocks this replay met, those read and the
     * first past {@code --to} that ended a recording; {@link Long#MIN_VALUE} before any. Once the
     * replay has ended by itself, it is before {@code --to} exactly when the archives end before it:
     * a tool can then say so rather than count time nothing was recorded in.
     */
    public long latestBlockNanos() {
        return latestBlockNanos;
    }

    /** A recording's next event time, as the merge orders them. */
    private record Head(long epochNanos, int recording) {
    }

    /** The replay's time range in epoch ns: events from {@code fromNanos} to {@code toNanos}, both included, are delivered. */
    public record Bounds(long fromNanos, long toNanos) {
    }

    /**
     * {@code --from} and {@code --to} resolved (offsets count from the first event of the first
     * file); {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} where not given. Reads the first
     * block's header only when an offset needs it.
     */
    public Bounds bounds() throws IOException, ArchiveException {
        if (from == null && to == null) {
            return new Bounds(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        long start = firstEventNanos();
        return new Bounds(from == null ? Long.MIN_VALUE : from.resolve(start), to == null ? Long.MAX_VALUE : to.resolve(start));
    }

    private void damage(ArchiveDamage d) {
        if (d.eventsLost() > 0) {
            stats.addDecodeErrors(d.eventsLost());
        }
        if (onDamage != null) {
            onDamage.accept(d);
        }
    }

    /**
     * The wall time of the earliest recording's first event (where offsets in --from/--to count
     * from, and where the archives' data begin); 0 when they hold none. Reads each recording's first block.
     */
    public long firstEventNanos() throws IOException, ArchiveException {
        long first = Long.MAX_VALUE;
        for (List<Path> r : recordings) {
            first = Math.min(first, firstEventNanos(r));
        }
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** The wall time of the first event of a recording's first file that has one; MAX_VALUE when none has. */
    private static long firstEventNanos(List<Path> recording) throws IOException, ArchiveException {
        for (Path p : recording) {
            try (ArchiveFile file = ArchiveFile.open(p)) {
                long[] first = {Long.MIN_VALUE};
                file.readBlocks((frame, raw, offset) -> {
                    first[0] = frame.firstEpochNanos();
                    return false;
                }, d -> { }, Long.MIN_VALUE, Long.MAX_VALUE);
                if (first[0] != Long.MIN_VALUE) {
                    return first[0];
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Counts what goes by and holds each event back until its time has come (unless at max speed).
     * Like the live extractor, it counts the selected tracepoints' events even where the sink has
     * no handler for them ({@code count} has none): only their delivery is skipped.
     */
    private final class Pacer implements EventSink {
        private final EventSink sink;
        private final boolean[] sinkWants = new boolean[Tracepoint.count()];
        private long anchorEventNanos;
        private long anchorWallNanos;
        private boolean anchored;

        Pacer(EventSink sink) {
            this.sink = sink;
            for (Tracepoint tp : Tracepoint.values()) {
                sinkWants[tp.id()] = sink.wants(tp);
            }
        }

        @Override
        public boolean wants(Tracepoint tp) {
            return events == null || events.contains(tp);
        }

        @Override
        public void accept(Event e) {
            if (stopRequested) {
                return;
            }
            waitForTurn(e.meta().epochNanos());
            if (e instanceof TracepointEvent tp) {
                stats.received(tp.tracepoint().id());
                stats.addHits(tp.tracepoint().id(), 1);
                if (!sinkWants[tp.tracepoint().id()]) {
                    return;
                }
            } else if (e instanceof Loss l) {
                count(l);
            }
            sink.accept(e);
        }

        private void waitForTurn(long eventNanos) {
            if (paused) {
                sink.flush();
                while (paused && !stopRequested) {
                    LockSupport.parkNanos(20_000_000L);
                }
                anchored = false;
            }
            double s = speed;
            if (s <= 0) {
                return;
            }
            if (!anchored || reanchor) {
                anchorEventNanos = eventNanos;
                anchorWallNanos = System.nanoTime();
                anchored = true;
                reanchor = false;
                return;
            }
            long due = anchorWallNanos + (long) ((eventNanos - anchorEventNanos) / s);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000L) {
                sink.flush(); // what was delivered shows before the pause
                while (wait > 0 && !stopRequested && !paused && !reanchor) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                    wait = due - System.nanoTime();
                }
                if (paused || reanchor) {
                    waitForTurn(eventNanos);
                }
            }
        }

        @Override
        public void flush() {
            sink.flush();
        }
    }

    /** Losses recorded in the archive become the replay's loss totals, as they were live. */
    private void count(Loss l) {
        LossStage stage = LossStage.byName(l.stage()).orElse(null);
        if (stage == LossStage.DECODE) {
            stats.addDecodeErrors(l.count());
            return;
        }
        if (stage == null) {
            return;
        }
        Tracepoint.byFullName(l.tracepoint()).ifPresent(tp -> {
            stats.addLost(stage, tp.id(), l.count());
            if (stage == LossStage.RING_RESERVE) {
                stats.addHits(tp.id(), l.count());
            }
        });
    }

    @Override
    public SourceStats stats() {
        return published;
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public void pause(boolean pause) {
        this.paused = pause;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** 0 for as fast as possible, 1 for the recorded pace, 10 for ten times faster... */
    @Override
    public void speed(double factor) {
        this.speed = factor;
        this.reanchor = true;
    }

    @Override
    public double speed() {
        return speed;
    }

    /** How far the replay is: bytes of the archive files read, out of {@link #bytesTotal()}. */
    public long bytesDone() {
        return bytesDone;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private Set<Tracepoint> events;
        private TimeBound from;
        private TimeBound to;
        private double speed;
        private Consumer<ArchiveDamage> onDamage;

        /** An archive file, or a directory of them. */
        public Builder path(Path path) {
            paths.add(path);
            return this;
        }

        public Builder events(Set<Tracepoint> selected) {
            this.events = EnumSet.copyOf(selected);
            return this;
        }

        public Builder from(TimeBound bound) {
            this.from = bound;
            return this;
        }

        public Builder to(TimeBound bound) {
            this.to = bound;
            return this;
        }

        /** 0 (the default) for as fast as possible; 1 for the recorded pace. */
        public Builder speed(double factor) {
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new UserException("speed must be 0 (max) or a positive factor, not " + factor);
            }
            this.speed = factor;
            return this;
        }

        public Builder onDamage(Consumer<ArchiveDamage> action) {
            this.onDamage = action;
            return this;
        }

        /** Fails with a one-line reason when a path is not an archive nodescope can read. */
        public ArchiveSource build() throws ArchiveException {
            if (paths.isEmpty()) {
                throw new UserException("no archive given");
            }
            ArchiveSource source = new ArchiveSource(this);
            for (Path p : source.files) {
                ArchiveFile.open(p).close();
            }
            return source;
        }
    }
}
