package dev.nodescope.bench;

import dev.nodescope.error.UserException;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bench record}: one dataset row per connected block (and per UTXO cache flush), with a
 * progress line, until the stream ends or {@code toHeight} is connected (docs/bench.md). A run
 * that wrote nothing is no dataset: the file goes and the exit says so.
 */
public final class BenchRecordTool implements Tool {
    private final Path out;
    private final DatasetWriter writer;
    private final Map<String, String> machine;
    private final Integer fromHeight;
    private final Integer toHeight;
    private final SyncProgress progress;
    private final StatusLines status;
    private final PrintStream err;
    private DatasetRecorder recorder;

    /**
     * @param machine     facts known before attaching ({@link RunFacts#machine}, {@link RunFacts#replayed})
     * @param slowNanos   blocks at least this slow to connect are shown
     * @param status      attach lines, and whether the events come from archives, not from a process of this machine
     * @param terminal    whether {@code err} is a terminal (a progress line redrawn in place)
     */
    public BenchRecordTool(Path out, Map<String, String> machine, Integer fromHeight, Integer toHeight, long slowNanos,
                           StatusLines status, boolean terminal, PrintStream err) {
        try {
            this.writer = new DatasetWriter(out);
        } catch (IOException e) {
            throw UserException.cannotWrite(out, e);
        }
        this.out = out;
        this.machine = machine;
        this.fromHeight = fromHeight;
        this.toHeight = toHeight;
        this.progress = new SyncProgress(err, fromHeight, toHeight, slowNanos, terminal);
        this.status = status;
        this.err = err;
    }

    @Override
    public void register(EventStream stream) {
        status.register(stream);
        recorder = new DatasetRecorder(writer, machine, fromHeight, toHeight, progress, stream::close).fromArchive(status.replaying());
        recorder.register(stream);
    }

    @Override
    public Outcome finish(StreamEnd end) {
        if (recorder.started()) {
            recorder.finish(end.stats());
        }
        writer.close();
        if (!recorder.started()) {
            if (!end.failed()) {
                err.println("nodescope: nothing recorded");
            }
            return Outcome.NOTHING;
        }
        if (end.failed()) {
            return Outcome.DONE;
        }
        err.println("nodescope: recorded " + recorder.blocks() + " blocks and " + recorder.flushes() + " flushes to " + out);
        if (toHeight != null && recorder.lastHeight() != toHeight) {
            err.println("nodescope: stopped before --to-height " + toHeight + " (last height "
                    + (recorder.lastHeight() < 0 ? "none" : recorder.lastHeight()) + ")");
        }
        return Outcome.DONE;
    }

    @Override
    public List<Path> outputs() {
        return List.of(out);
    }
}
