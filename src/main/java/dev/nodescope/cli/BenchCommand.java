package dev.nodescope.cli;

import dev.nodescope.bench.Comparison;
import dev.nodescope.bench.Overhead;
import dev.nodescope.bench.BenchRecordTool;
import dev.nodescope.bench.DatasetRecorder;
import dev.nodescope.error.UserException;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.bench.RunFacts;
import dev.nodescope.stream.EventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        subcommands = {BenchCommand.Record.class, BenchCommand.Compare.class, BenchCommand.OverheadCommand.class,
            CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // like nodescope and nodescope archive alone: the usage, which lists the subcommands
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String nodescopeVersion() {
        return new Version().getVersion()[0].substring("nodescope ".length());
    }

    @Command(name = "record", mixinStandardHelpOptions = true, modelTransformer = WithoutEvents.class,
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
                throw new UserException("--from-height and --to-height must not be negative");
            }
            if (fromHeight != null && toHeight != null && fromHeight > toHeight) {
                throw new UserException("--from-height " + fromHeight + " is above --to-height " + toHeight);
            }
            target.events = DatasetRecorder.tracepoints();
            EventSource source = target.source(0);
            Map<String, String> machine = RunFacts.machine(label, nodescopeVersion());
            if (target.replaying()) {
                machine = RunFacts.replayed(machine, target.replay.toString());
            }
            boolean terminal = System.console() != null && System.console().isTerminal();
            return ToolRunner.run(source, new BenchRecordTool(out, machine, fromHeight, toHeight, slow.toNanos(),
                    StatusLines.of(target.replay), terminal, System.err), duration);
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compare runs block by block against the first (the baseline): speed-up per height range with"
                    + " bootstrap intervals, verdicts, slowest blocks, flush cost; optionally an HTML report with plots.")
    static final class Compare implements Callable<Integer> {
        @CommandLine.Parameters(arity = "1..*", paramLabel = "RUN", description = "Datasets from bench record; the first is the baseline.")
        List<Path> runs;

        @Option(names = "--report", paramLabel = "report.html", description = "Write an HTML report (plots embedded) and its PNGs next to it.")
        Path report;

        @Option(names = "--range", defaultValue = "10000", paramLabel = "BLOCKS", description = "Height range size (default: ${DEFAULT-VALUE}).")
        int range;

        @Mixin
        ResamplingOptions resampling;

        @Option(names = "--min-effect", defaultValue = "1%", converter = PercentConverter.class, paramLabel = "PCT",
                description = "Smaller changes of connect time are never called faster or slower (default: ${DEFAULT-VALUE}).")
        double minEffect;

        @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Slowest blocks listed per run (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--label", split = ",", paramLabel = "NAME",
                description = "Names of the runs, one per RUN in order (default: each run's bench record --label, else its file"
                        + " name; runs that share a name are told apart by their path).")
        List<String> labels;

        @Override
        public Integer call() {
            // settings first: their mistakes are named before any file is read
            dev.nodescope.bench.Compare.run(runs, new Comparison.Settings(range, resampling.resamples, resampling.seed, resampling.confidence, minEffect), top, labels,
                    report, System.out, System.err);
            return 0;
        }
    }

    @Command(name = "overhead", mixinStandardHelpOptions = true,
            description = "Measure what tracing costs the node: the built-in stand-in fires validation:block_connected with no"
                    + " tracer, with nodescope counting, and with bench record's full extraction; ns per hit and overhead.")
    static final class OverheadCommand implements Callable<Integer> {
        @Option(names = "--hits", defaultValue = "200000", paramLabel = "N", description = "Hits per run (default: ${DEFAULT-VALUE}).")
        long hits;

        @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "Runs per configuration (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            Overhead.measureStandIn(hits, repeats, System.out, System.err);
            return 0;
        }
    }

    /** A percentage as people type it, {@code 1%} or {@code 0.5%}, as a fraction. */
    static final class PercentConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (!value.matches("\\d+(\\.\\d+)?%")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a percentage like 1% or 0.5%");
            }
            return Double.parseDouble(value.substring(0, value.length() - 1)) / 100;
        }
    }
}
