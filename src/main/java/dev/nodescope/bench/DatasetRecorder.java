package dev.nodescope.bench;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.extract.BitcoindVersion;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.SourceStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a stream's block_connected and utxocache:flush events into dataset rows: blocks from
 * {@code fromHeight} on, the flushes between them, and a stop once {@code toHeight} is connected.
 * The metadata is written when the first attach is seen (that is when the traced process is
 * known) or, for sources that report no attach, before the first row.
 */
public final class DatasetRecorder {
    private final DatasetWriter writer;
    private final Map<String, String> metadata;
    private final Integer fromHeight;
    private final Integer toHeight;
    private final SyncProgress progress;
    private final Runnable stop;
    private boolean headerWritten;
    /** v23/v24 nodes report ConnectBlock in µs: scaled so the dataset is always ns. */
    private boolean recording;
    private boolean done;
    private boolean fromArchive;
    private int lastHeight = -1;
    private long blocks;
    private long flushes;

    /**
     * @param machine  facts known before attaching ({@link RunFacts#machine})
     * @param progress where progress goes (null: nowhere)
     * @param stop     stops the stream once {@code toHeight} is recorded
     */
    public DatasetRecorder(DatasetWriter writer, Map<String, String> machine, Integer fromHeight, Integer toHeight, SyncProgress progress,
                    Runnable stop) {
        this.writer = writer;
        this.metadata = new LinkedHashMap<>(machine);
        this.fromHeight = fromHeight;
        this.toHeight = toHeight;
        this.progress = progress;
        this.stop = stop;
        this.recording = fromHeight == null;
        if (fromHeight != null) {
            metadata.put("from_height", fromHeight.toString());
        }
        if (toHeight != null) {
            metadata.put("to_height", toHeight.toString());
        }
    }

    public EventStream register(EventStream stream) {
        stream.onEvent(Attached.class, this::attached);
        stream.onEvent(BlockConnected.class, this::block);
        stream.onEvent(UtxoCacheFlush.class, this::flush);
        stream.onFlush(writer::flush);
        return stream;
    }

    /** Events come from an archive: the pid in them is not a process of this machine, so /proc is not read. */
    public DatasetRecorder fromArchive(boolean archive) {
        this.fromArchive = archive;
        return this;
    }

    private void attached(Attached a) {
        if (headerWritten) {
            return; // re-attached after a restart (--follow): same run, same metadata
        }
        // the source asked the binary (archives recorded before it did only know the tracepoints)
        String version = a.bitcoindVersion().isEmpty() ? Tracepoint.releasesWithout(a.missing()) : a.bitcoindVersion();
        if (a.pid() > 0 && !fromArchive) {
            metadata.putAll(RunFacts.node(a.pid(), a.binary(), version));
        } else {
            metadata.put(RunFacts.BINARY, a.binary());
            metadata.put(RunFacts.VERSION, version);
        }
        if (BitcoindVersion.blockDurationInMicroseconds(version)) {
            // the extractor converted them: the rows are ns like every other run's
            metadata.put(RunFacts.DURATION_UNIT, "ns (the node reports us; converted by nodescope)");
        }
        writeHeader();
    }

    private void block(BlockConnected b) {
        if (done || (fromHeight != null && b.height() < fromHeight) || (toHeight != null && b.height() > toHeight)) {
            return;
        }
        recording = true;
        BlockRow row = new BlockRow(b.height(), b.hash(), b.transactions(), b.inputs(), b.sigops(), b.durationNs(),
                b.meta().epochNanos());
        write(row);
        blocks++;
        lastHeight = b.height();
        if (progress != null) {
            progress.block(row, b.meta().monoNs());
        }
        if (toHeight != null && b.height() == toHeight) {
            done = true;
            stop.run();
        }
    }

    private void flush(UtxoCacheFlush f) {
        if (done || !recording) {
            return;
        }
        write(new FlushRow(lastHeight, f.mode(), f.durationUs() * 1000, f.coins(), f.memoryBytes(), f.forPrune(), f.meta().epochNanos()));
        flushes++;
    }

    private void write(Row row) {
        writeHeader();
        writer.write(row);
    }

    private void writeHeader() {
        if (!headerWritten) {
            metadata.putIfAbsent(RunFacts.DURATION_UNIT, "ns");
            metadata.put(RunFacts.START, Instant.now().toString());
            writer.writeMetadata(metadata);
            headerWritten = true;
        }
    }

    /** After the stream ended: the end time and totals, so a reader can tell a complete run. */
    public void finish(SourceStats stats) {
        writeHeader();
        if (progress != null) {
            progress.finish();
        }
        Map<String, String> end = new LinkedHashMap<>();
        end.put(RunFacts.END, Instant.now().toString());
        end.put(RunFacts.BLOCKS, Long.toString(blocks));
        end.put(RunFacts.FLUSHES, Long.toString(flushes));
        end.put(RunFacts.EVENTS_LOST, Long.toString(stats.eventsLost()));
        writer.writeTrailer(end);
        writer.flush();
    }

    /** Whether anything was written (the metadata at least): the process was attached or a row came. */
    public boolean started() {
        return headerWritten;
    }

    public long blocks() {
        return blocks;
    }

    public long flushes() {
        return flushes;
    }

    /** Height of the last recorded block, -1 if none. */
    public int lastHeight() {
        return lastHeight;
    }

    /** The only tracepoints a bench needs: the stream decodes nothing else. */
    public static List<String> tracepoints() {
        return List.of("validation:block_connected", "utxocache:flush");
    }
}
