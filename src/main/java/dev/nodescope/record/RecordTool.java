package dev.nodescope.record;

import dev.nodescope.archive.Recorder;
import dev.nodescope.event.Attached;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.Bytes;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code record}: every event into archive files (docs/archives.md), with the totals when it stops. */
public final class RecordTool implements Tool {
    private final Recorder recorder;
    private final Path directory;
    private final boolean directoryCreated;
    private final StatusLines status;
    private final PrintStream err;
    private boolean announced;

    /** {@code directoryCreated}: the recorder created {@code directory} (so a recording of nothing removes it). */
    public RecordTool(Recorder recorder, Path directory, boolean directoryCreated, StatusLines status, PrintStream err) {
        this.recorder = recorder;
        this.directory = directory;
        this.directoryCreated = directoryCreated;
        this.status = status;
        this.err = err;
    }

    @Override
    public void register(EventStream stream) {
        status.register(stream);
        stream.onEvent(Attached.class, a -> {
            if (!announced) {
                announced = true;
                err.println("nodescope: recording into " + directory);
            }
        });
        stream.onEvent(recorder::accept);
        stream.onFlush(recorder::flush);
    }

    /** The same recording into a directory of its own under the system's temporary directory, removed after the rehearsal. */
    @Override
    public Tool understudy() throws IOException {
        Path dir = Files.createTempDirectory("nodescope-rehearsal");
        return new RecordTool(recorder.understudy(dir), dir, true, StatusLines.silent(), StandardOutput.nowherePrinting());
    }

    @Override
    public Outcome finish(StreamEnd end) {
        try {
            recorder.close();
        } catch (IOException e) {
            err.println("nodescope: cannot finish the archive: " + e.getMessage());
        }
        if (end.delivered()) {
            printTotals();
        }
        return Outcome.DONE;
    }

    /** A recording of nothing (the target never attached) is no recording: its files go, and the directory if it made it. */
    @Override
    public List<Path> outputs() {
        List<Path> outputs = new ArrayList<>(recorder.files());
        if (directoryCreated) {
            outputs.add(directory); // last: empty once the files went
        }
        return outputs;
    }

    private void printTotals() {
        long bytes = 0;
        List<Path> files = recorder.files();
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException ignored) {
                // counted as 0: the total is for information only
            }
        }
        long events = recorder.eventsAccepted();
        err.println(String.format(Locale.ROOT, "nodescope: recorded %d events in %d file%s, %s%s", events, files.size(),
                files.size() == 1 ? "" : "s", Bytes.human(bytes),
                events > 0 ? String.format(Locale.ROOT, " (%.1f bytes/event)", (double) bytes / events) : ""));
        if (recorder.payloadsRedacted() > 0) {
            err.println("nodescope: left out " + recorder.payloadsRedacted() + " version/addr/addrv2 payloads (--redact-ips)");
        }
    }
}
