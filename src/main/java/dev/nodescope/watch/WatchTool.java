package dev.nodescope.watch;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventJson;
import dev.nodescope.log.TextFormat;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code nodescope watch}: the watchdog on its own. Alerts go to standard output (text lines like
 * {@code log}, or JSON lines) and to the sinks given (Prometheus, Alertmanager, webhook, report);
 * at the end a summary of what fired goes to standard error.
 */
public final class WatchTool implements Tool {
    public enum Format { TEXT, JSON }

    private final WatchEngine engine;
    private final OutputStream out;
    private final PrintStream err;
    private final List<AlertSink> sinks;
    private final EventJson json;
    private final TextFormat text;
    private final StatusLines status;

    public WatchTool(WatchEngine engine, OutputStream out, Format format, List<AlertSink> sinks, StatusLines status, PrintStream err) {
        this.engine = engine;
        this.status = status;
        this.out = out;
        this.err = err;
        this.sinks = List.copyOf(sinks);
        this.json = format == Format.JSON ? new EventJson(out, false, false) : null;
        this.text = format == Format.TEXT ? new TextFormat(ZoneId.systemDefault(), false) : null;
        engine.addListener(this::print);
        for (AlertSink s : this.sinks) {
            engine.addListener(s);
        }
    }

    /** Prints what the engine raised (not alerts recorded in a replayed archive: the engine raises its own). */
    private void print(Alert a) {
        if (json != null) {
            json.write(a);
            return;
        }
        try {
            out.write(text.format(a).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(EventStream stream) {
        engine.register(stream);
        status.register(stream);
        stream.onFlush(this::flush);
    }

    @Override
    public void flush() {
        try {
            if (json != null) {
                json.flush();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Outcome finish(StreamEnd end) throws Exception {
        Exception failure = null;
        for (AlertSink s : sinks) {
            try {
                s.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (end.delivered()) {
            err.println(summary());
            for (AlertSink s : sinks) {
                String line = s.summary();
                if (line != null) {
                    err.println("nodescope: " + line);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Outcome.DONE;
    }

    /** "nodescope: watched 12,345 events: 3 alerts fired (addr_flood 2, ping_flood 1), 1 still firing". */
    String summary() {
        Map<String, long[]> counts = new TreeMap<>(engine.counts());
        long fired = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long f = e.getValue()[AlertState.FIRING.ordinal()];
            if (f > 0) {
                parts.add(e.getKey() + " " + f);
                fired += f;
            }
        }
        List<String> open = engine.open();
        StringBuilder sb = new StringBuilder("nodescope: watched ").append(String.format("%,d", engine.events())).append(" events: ");
        sb.append(fired == 0 ? "no alert fired" : fired + (fired == 1 ? " alert" : " alerts") + " fired (" + String.join(", ", parts) + ")");
        if (!open.isEmpty()) {
            sb.append("; open at the end: ").append(String.join("; ", open));
        }
        if (engine.untracked() > 0) {
            sb.append("; ").append(engine.untracked()).append(" not tracked (more than ").append(Lifecycle.MAX_OPEN).append(" open)");
        }
        return sb.toString();
    }
}
