package dev.nodescope.cli;

import dev.nodescope.export.ExportTool;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.error.UserException;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.event.Tracepoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nodescope archive export}: archives as JSON lines or CSV tables, for pandas, DuckDB, jq... */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the events of archives as JSON lines (the log --format json schema) or CSV (a table per event type).")
final class ArchiveExportCommand implements Callable<Integer> {
    enum Format { jsonl, csv }

    enum Payload { none, hex }

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Archive files, or directories of them.")
    List<Path> archives;

    @Option(names = "--format", required = true, description = "jsonl or csv.")
    Format format;

    @Option(names = "--out", paramLabel = "PATH",
            description = "jsonl: a file (default: standard output); csv: a directory, one FILE per event type (e.g. net_inbound_message.csv).")
    Path out;

    @Option(names = "--events", split = ",", paramLabel = "GLOB", description = "Only these tracepoints, e.g. net:*,mempool:added.")
    List<String> events;

    @Option(names = "--payload", defaultValue = "none", description = "none, or hex: P2P payloads (when recorded) as payload_hex.")
    Payload payload;

    @Option(names = "--decode", description = "jsonl: decode P2P payloads (when recorded) into decoded.")
    boolean decode;

    @Mixin
    ReplayOptions replay;

    @Override
    public Integer call() throws Exception {
        if (replay.speed != null) {
            throw new UserException("export reads as fast as it can: leave out --speed");
        }
        List<Tracepoint> selected = new ArrayList<>(Tracepoint.select(events));
        if (format == Format.csv && out == null && (events == null || selected.size() != 1)) {
            throw new UserException("csv to standard output holds one event type: choose one with --events"
                    + " (e.g. --events validation:block_connected), or give --out DIR for a file per type");
        }
        if (format == Format.csv && decode) {
            throw new UserException("--decode applies to jsonl (decoded payloads are nested objects)");
        }
        if (format == Format.csv && out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("--out " + out + " is a file; csv needs a directory (a file per event type)");
        }
        ArchiveSource source = replay.source(archives, events);
        boolean hex = payload == Payload.hex;
        ExportTool tool = format == Format.jsonl ? ExportTool.jsonLines(StandardOutput.open(), out, hex, decode)
                : out == null ? ExportTool.csvTable(StandardOutput.open(), selected.getFirst(), hex)
                : ExportTool.csvDirectory(out, hex);
        try (AutoCloseable progress = Progress.start("export", source::bytesDone, source::bytesTotal,
                out != null || !Progress.isTerminal(1))) {
            return ToolRunner.run(source, tool, null);
        }
    }
}
