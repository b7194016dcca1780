package dev.nodescope.export;

import dev.nodescope.error.UserException;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventCsv;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code archive export}: events as JSON lines (the log schema) or CSV tables, for pandas, DuckDB, jq... */
public final class ExportTool implements Tool {
    private final List<OutputStream> opened = new ArrayList<>();
    private Consumer<Event> write;
    private Runnable flush;

    private ExportTool() {
    }

    /** JSON lines to {@code out} (standard output), or to {@code file} when not null. */
    public static ExportTool jsonLines(OutputStream out, Path file, boolean payloadHex, boolean decode) {
        ExportTool t = new ExportTool();
        EventJson json = new EventJson(file == null ? out : t.open(file), payloadHex, decode);
        t.write = json::write;
        t.flush = json::flush;
        return t;
    }

    /** One tracepoint's CSV table to {@code out} (nodescope's own events have tables of their own, left out here). */
    public static ExportTool csvTable(OutputStream out, Tracepoint only, boolean payloadHex) {
        ExportTool t = new ExportTool();
        EventCsv csv = new EventCsv(name -> out, payloadHex);
        t.write = e -> {
            if (e.name().equals(only.fullName())) {
                csv.write(e);
            }
        };
        t.flush = csv::flush;
        return t;
    }

    /** A CSV file per event type in {@code dir} (created if missing), e.g. {@code net_inbound_message.csv}. */
    public static ExportTool csvDirectory(Path dir, boolean payloadHex) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw UserException.cannotWrite(dir, e);
        }
        ExportTool t = new ExportTool();
        EventCsv csv = new EventCsv(name -> t.open(dir.resolve(name.replace(':', '_') + ".csv")), payloadHex);
        t.write = csv::write;
        t.flush = csv::flush;
        return t;
    }

    private OutputStream open(Path file) {
        try {
            OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            opened.add(o);
            return o;
        } catch (IOException e) {
            throw UserException.cannotWrite(file, e);
        }
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(write);
        stream.onFlush(flush);
    }

    @Override
    public void flush() {
        flush.run();
    }

    /** Losses are in the export itself, as nodescope:loss events. */
    @Override
    public boolean reportsLosses() {
        return false;
    }

    @Override
    public Outcome finish(StreamEnd end) throws IOException {
        IOException first = null;
        for (OutputStream o : opened) {
            try {
                o.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException(first);
        }
        return Outcome.DONE;
    }
}
