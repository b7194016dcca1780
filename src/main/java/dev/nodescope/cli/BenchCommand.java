package dev.nodescope.cli;

import dev.nodescope.bench.DatasetWriter;
import dev.nodescope.bench.Progress;
import dev.nodescope.bench.Recorder;
import dev.nodescope.bench.RunFacts;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nodescope bench}: per-block datasets of block connection (IBD, -reindex) and their
 * comparison across builds, with what the tracing itself costs (docs/bench.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Record per-block connect times, compare runs, measure tracing overhead (docs/bench.md).",
        subcommands = {BenchCommand.Record.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: record, compare or overhead");
    }

    static String nodescopeVersion() {
        return new Version().getVersion()[0].substring("nodescope ".length());
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record one row per connected block (and each UTXO cache flush) to RUN.csv or RUN.jsonl.")
    static final class Record implements Callable<Integer> {
        @Mixin
        TargetOptions target;

        @Option(names = "--out", required = true, paramLabel = "RUN.csv|RUN.jsonl", description = "Dataset file; the extension chooses the format.")
        Path out;

        @Option(names = "--from-height", paramLabel = "H", description = "Record blocks from this height on.")
        Integer fromHeight;

        @Option(names = "--to-height", paramLabel = "H", description = "Stop once the block at this height is connected.")
        Integer toHeight;

        @Option(names = "--label", paramLabel = "NAME", description = "Name of the run in comparisons (default: the file name).")
        String label;

        @Option(names = "--slow", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "TIME",
                description = "Show blocks that take at least this long to connect (default: ${DEFAULT-VALUE}).")
        Duration slow;

        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
        Duration duration;

        @Override
        public Integer call() throws Exception {
            if (fromHeight != null && fromHeight < 0 || toHeight != null && toHeight < 0) {
                throw new IllegalArgumentException("--from-height and --to-height must not be negative");
            }
            if (fromHeight != null && toHeight != null && fromHeight > toHeight) {
                throw new IllegalArgumentException("--from-height " + fromHeight + " is above --to-height " + toHeight);
            }
            if (target.events != null) {
                throw new IllegalArgumentException("bench record always traces " + String.join(" and ", Recorder.tracepoints())
                        + ": drop --events");
            }
            target.events = Recorder.tracepoints();
            EventSource source = target.source(0);
            DatasetWriter writer;
            try {
                writer = new DatasetWriter(out);
            } catch (IOException e) {
                throw new IllegalArgumentException(out + ": cannot write (" + describe(e) + ")");
            }
            EventStream stream = StatusLines.register(EventStream.open(source));
            boolean terminal = System.console() != null && System.console().isTerminal();
            Progress progress = new Progress(System.err, fromHeight, toHeight, slow.toNanos(), terminal);
            Recorder recorder = new Recorder(writer, RunFacts.machine(label, nodescopeVersion()), fromHeight, toHeight, progress,
                    stream::close);
            recorder.register(stream);
            try {
                StreamRunner.run(stream, duration, () -> {
                    if (recorder.started()) {
                        recorder.finish(source.stats());
                    }
                    writer.close();
                });
            } catch (Exception e) {
                if (!recorder.started()) {
                    Files.deleteIfExists(out); // nothing was traced: leave no empty dataset behind
                }
                throw e;
            }
            if (!recorder.started()) {
                Files.deleteIfExists(out);
                System.err.println("nodescope: nothing recorded");
                return Main.EXIT_FAILURE;
            }
            System.err.println("nodescope: recorded " + recorder.blocks() + " blocks and " + recorder.flushes() + " flushes to " + out);
            if (toHeight != null && recorder.lastHeight() != toHeight) {
                System.err.println("nodescope: stopped before --to-height " + toHeight + " (last height "
                        + (recorder.lastHeight() < 0 ? "none" : recorder.lastHeight()) + ")");
            }
            Summary.printLosses(source.stats(), System.err);
            return 0;
        }
    }

    static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such directory";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

}
