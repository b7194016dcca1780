package dev.nodescope.cli;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSource;
import dev.nodescope.log.TextFormat;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope log}: every event, as readable lines or JSON lines. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print every event of a running bitcoind, as text or JSON lines (one per event).")
final class LogCommand implements Callable<Integer> {
    enum Format { text, json }

    enum Payload { none, hex }

    @Mixin
    TargetOptions target;

    @Mixin
    LogOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate();
        return options.run(target.source(options.payloadMax()), null);
    }

    /** Output options shared by {@code log} and {@code demo}. */
    static final class LogOptions {
        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--payload", defaultValue = "none",
                description = "none, or hex: copy whole P2P payloads and print them as payload_hex (json).")
        Payload payload;

        @Option(names = "--decode",
                description = "Decode P2P payloads: a decoded object (or decode_error) in every message event (json).")
        boolean decode;

        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
                description = "Stop after this long, e.g. 30s, 5m.")
        Duration duration;

        @Option(names = "--max-events", paramLabel = "N", description = "Stop after N tracepoint events.")
        Long maxEvents;

        void validate() {
            if (maxEvents != null && maxEvents <= 0) {
                throw new IllegalArgumentException("--max-events must be positive");
            }
        }

        /** Payload bytes to copy per message: decoding needs them even when they are not printed. */
        int payloadMax() {
            return payload == Payload.hex || decode ? 4_000_000 : 0;
        }

        /** Streams {@code source} to standard output; {@code banner} (may be null) goes to stderr first. */
        int run(EventSource source, String banner) throws Exception {
            OutputStream out = Output.stdout();
            Consumer<Event> write;
            Runnable flush;
            if (format == Format.json) {
                EventJson json = new EventJson(out, payload == Payload.hex, decode);
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
            if (banner != null) {
                System.err.println(banner);
            }
            EventStream stream = EventStream.open(source);
            long[] printed = {0};
            stream.onEvent(e -> {
                if (e instanceof TracepointEvent) {
                    if (maxEvents != null && printed[0] >= maxEvents) {
                        return;
                    }
                    if (maxEvents != null && ++printed[0] >= maxEvents) {
                        stream.close();
                    }
                }
                write.accept(e);
            });
            stream.onFlush(flush);
            try {
                StreamRunner.run(stream, duration, () -> {
                    flush.run();
                    Summary.printLosses(source.stats(), System.err);
                });
            } catch (UncheckedIOException e) {
                if (!Output.isClosedPipe(e)) {
                    throw e;
                }
            }
            return 0;
        }
    }
}
