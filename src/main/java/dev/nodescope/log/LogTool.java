package dev.nodescope.log;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.function.Consumer;

/** {@code log}, {@code replay} and {@code demo}: every event as a text line or a JSON line, optionally only the first N. */
public final class LogTool implements Tool {
    public enum Format { TEXT, JSON }

    private final Format format;
    private final boolean payloadHex;
    private final boolean decode;
    private final Consumer<Event> write;
    private final Runnable flush;
    private final Long maxEvents;
    private long printed;

    /**
     * {@code payloadHex}: P2P payloads as {@code payload_hex} (JSON); {@code decode}: decoded payloads;
     * {@code maxEvents}: stop after this many tracepoint events (null: no limit).
     */
    public LogTool(OutputStream out, Format format, boolean payloadHex, boolean decode, Long maxEvents) {
        this.maxEvents = maxEvents;
        this.format = format;
        this.payloadHex = payloadHex;
        this.decode = decode;
        if (format == Format.JSON) {
            EventJson json = new EventJson(out, payloadHex, decode);
            write = json::write;
            flush = json::flush;
        } else {
            TextFormat text = new TextFormat(ZoneId.systemDefault(), decode);
            write = e -> {
                try {
                    out.write(text.format(e).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            };
            flush = () -> {
                try {
                    out.flush();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            };
        }
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(e -> {
            if (e instanceof TracepointEvent && maxEvents != null) {
                if (printed >= maxEvents) {
                    return;
                }
                if (++printed >= maxEvents) {
                    stream.close();
                }
            }
            write.accept(e);
        });
        stream.onFlush(flush);
    }

    /**
     * The same lines, written to a stream of standard output's classes that goes nowhere; none for
     * {@code --max-events} below a rehearsal's own count (a quick look would wait a second for nothing).
     */
    @Override
    public Tool understudy() throws IOException {
        if (maxEvents != null && maxEvents < REHEARSAL_EVENTS) {
            return null;
        }
        return new LogTool(StandardOutput.nowhere(), format, payloadHex, decode, null);
    }

    @Override
    public void flush() {
        flush.run();
    }

    @Override
    public Outcome finish(StreamEnd end) {
        return Outcome.DONE;
    }
}
