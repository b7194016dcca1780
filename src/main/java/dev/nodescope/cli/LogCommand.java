package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.log.LogTool;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.ToolRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.Watching;

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

    @Option(names = "--watch", description = "Run the watchdog too: its alerts (nodescope:alert) show among the events (docs/watch.md).")
    boolean watch;

    @Mixin
    WatchOptions watchOptions;

    @Override
    public Integer call() throws Exception {
        options.validate();
        if (!watch) {
            return options.run(target.source(options.payloadMax()), null);
        }
        return options.run(target.source(Math.max(options.payloadMax(), WatchOptions.PAYLOAD_MAX)), null,
                watchOptions.engine(!target.replaying()));
    }

    /** Output options shared by {@code log}, {@code replay} and {@code demo}. */
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
                throw new UserException("--max-events must be positive");
            }
        }

        /** Payload bytes to copy per message: decoding needs them even when they are not printed. */
        int payloadMax() {
            return payload == Payload.hex || decode ? 4_000_000 : 0;
        }

        /** Streams {@code source} to standard output; {@code banner} (may be null) goes to stderr first. */
        int run(EventSource source, String banner) throws Exception {
            return run(source, banner, null);
        }

        /** As {@link #run(EventSource, String)}, with the watchdog's alerts among the events when {@code engine} is given. */
        int run(EventSource source, String banner, WatchEngine engine) throws Exception {
            LogTool tool = new LogTool(StandardOutput.open(), format == Format.json ? LogTool.Format.JSON : LogTool.Format.TEXT,
                    payload == Payload.hex, decode, maxEvents);
            if (banner != null) {
                System.err.println(banner);
            }
            return ToolRunner.run(source, engine == null ? tool : new Watching(engine, tool), duration);
        }
    }
}
