package dev.nodescope.archive;

import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.codec.BlockDecoder;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What archives hold, like {@code jfr summary}: files and headers, time span, events and bytes
 * per event type, losses recorded live, attachments, and damage found while reading. Reads every
 * block but builds only nodescope's own events, so it runs at the speed of inflate.
 */
public final class ArchiveSummary {
    /** Count and bytes (uncompressed record bytes) of one event type. */
    public record TypeCount(String event, long count, long rawBytes) {
    }

    public final List<Path> files = new ArrayList<>();
    public final List<ArchiveHeader> headers = new ArrayList<>();
    public long storedBytes;
    public long rawBytes;
    public long blocks;
    public long events;
    public long firstEpochNanos = Long.MAX_VALUE;
    public long lastEpochNanos = Long.MIN_VALUE;
    public final Map<String, TypeCount> byType = new TreeMap<>();
    /** Losses by stage, then by tracepoint. */
    public final Map<String, Map<String, Long>> losses = new TreeMap<>();
    public final List<Attached> attachments = new ArrayList<>();
    public final List<Detached> detachments = new ArrayList<>();
    public final List<ArchiveDamage> damage = new ArrayList<>();
    public long unknownRecords;
    private volatile long bytesDone;
    private volatile long bytesTotal;

    /** Reads {@code paths} (files or directories); {@link #bytesDone()} tells how far it is, from any thread. */
    public void read(List<Path> paths) throws ArchiveException, IOException {
        files.addAll(ArchiveSource.resolve(paths));
        for (Path p : files) {
            ArchiveFile.open(p).close(); // not an archive, or a newer format: say so before reading anything
        }
        for (Path p : files) {
            bytesTotal += Files.size(p);
        }
        BlockDecoder decoder = new BlockDecoder();
        BlockDecoder.Tally tally = new BlockDecoder.Tally();
        EventSink toolEvents = new EventSink() {
            @Override
            public boolean wants(Tracepoint tracepoint) {
                return false;
            }

            @Override
            public void accept(Event e) {
                switch (e) {
                    case Loss l -> losses.computeIfAbsent(l.stage(), k -> new TreeMap<>()).merge(l.tracepoint(), l.count(), Long::sum);
                    case Attached a -> attachments.add(a);
                    case Detached d -> detachments.add(d);
                    default -> { }
                }
            }

            @Override
            public void flush() {
            }
        };
        long done = 0;
        for (Path p : files) {
            try (ArchiveFile file = ArchiveFile.open(p)) {
                headers.add(file.header());
                long base = done;
                file.readBlocks((frame, raw, offset) -> {
                    blocks++;
                    storedBytes += ArchiveFormat.FRAME_BYTES + frame.storedLength();
                    rawBytes += frame.rawLength();
                    firstEpochNanos = Math.min(firstEpochNanos, frame.firstEpochNanos());
                    lastEpochNanos = Math.max(lastEpochNanos, frame.lastEpochNanos());
                    bytesDone = base + offset;
                    decoder.decode(raw, frame.rawLength(), toolEvents, Long.MIN_VALUE, Long.MAX_VALUE, tally);
                    return true;
                }, damage::add, Long.MIN_VALUE, Long.MAX_VALUE);
                done += file.size();
            }
        }
        bytesDone = done;
        Map<Integer, String> names = new LinkedHashMap<>();
        for (EventSpec spec : EventSchema.all()) {
            names.put(spec.wire(), spec.name());
        }
        for (Map.Entry<Integer, String> n : names.entrySet()) {
            long count = tally.count(n.getKey());
            if (count > 0) {
                byType.put(n.getValue(), new TypeCount(n.getValue(), count, tally.rawBytes(n.getKey())));
                events += count;
            }
        }
        unknownRecords = tally.unknownKinds();
    }

    public long bytesDone() {
        return bytesDone;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    /** Events lost to damage where the count is known (a block whose frame was intact). */
    public long eventsLostToDamage() {
        return damage.stream().mapToLong(d -> Math.max(0, d.eventsLost())).sum();
    }

    /** Stored (compressed, framed) bytes per event, headers excluded. */
    public double storedBytesPerEvent() {
        return events == 0 ? 0 : (double) storedBytes / events;
    }
}
