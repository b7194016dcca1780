package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveException;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.archive.IpRedactor;
import dev.nodescope.error.UserException;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.traffic.CompareHtml;
import dev.nodescope.traffic.CompareText;
import dev.nodescope.traffic.Grouping;
import dev.nodescope.traffic.Measure;
import dev.nodescope.traffic.ReportCsv;
import dev.nodescope.traffic.ReportJson;
import dev.nodescope.traffic.ReportText;
import dev.nodescope.traffic.SourceSpec;
import dev.nodescope.traffic.TrafficComparison;
import dev.nodescope.traffic.TrafficPlots;
import dev.nodescope.traffic.TrafficSummary;
import dev.nodescope.traffic.TrafficTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nodescope traffic}: what the node's P2P traffic costs, per message type, direction and
 * connection type, and whether a change (Erlay, a new message) saves bytes (docs/traffic.md).
 */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = "Bytes and messages per message type, direction and connection type; compare two runs or nodes (docs/traffic.md).",
        subcommands = {TrafficCommand.Report.class, TrafficCommand.Compare.class, CommandLine.HelpCommand.class})
final class TrafficCommand implements Runnable {
    /** Time blocks kept per side at most; longer windows get longer blocks. */
    private static final int MAX_BLOCKS = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { text, json, csv }

    /** Options of both subcommands: the time blocks and the top talkers. */
    static final class Tallying {
        @Option(names = "--block", defaultValue = "1m", converter = DurationConverter.class, paramLabel = "TIME",
                description = "Time block the bootstrap resamples and the plots draw (default: ${DEFAULT-VALUE}).")
        Duration block;

        @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Top talkers listed (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
                description = "Stop after this long (a live node or a fleet; archives end by themselves).")
        Duration duration;

        TrafficTool.Settings settings() {
            if (block.toSeconds() < 1) {
                throw new UserException("--block must be at least 1s");
            }
            if (top < 0) {
                throw new UserException("--top must not be negative");
            }
            return new TrafficTool.Settings(block.toNanos(), MAX_BLOCKS, Math.max(1000, 10 * top), top);
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, modelTransformer = WithoutEvents.class,
            description = "Bytes and messages per message type, direction and connection type; per second, per peer-hour and per"
                    + " accepted transaction (transaction-relay overhead); payload and estimated wire bytes; top talkers.")
    static final class Report implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "FILE|DIR[@NODE]",
                description = "Archives (a file or a directory), optionally one node of them; else --replay, --nats or a live node.")
        String source;

        @Mixin
        TargetOptions target;

        @Mixin
        Tallying tallying;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv", description = "Output format (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--redact-ips", description = "Show peer addresses as keyed pseudonyms.")
        boolean redactIps;

        @Override
        public Integer call() throws Exception {
            TrafficTool.Settings settings = tallying.settings();
            String node = null;
            if (source != null) {
                SourceSpec spec = SourceSpec.parse(source);
                if (spec.path() == null) {
                    throw new UserException("'" + source + "': give archives as FILE|DIR[@NODE]; a fleet's nodes with --nats --nodes");
                }
                if (target.replay != null) {
                    throw new UserException("give the archives either as FILE|DIR or with --replay, not both");
                }
                target.replay = List.of(spec.path());
                node = spec.node();
            }
            target.events = TrafficTool.TRACEPOINTS;
            IpRedactor redactor = redactIps ? IpRedactor.withRandomKey() : null;
            UnaryOperator<String> addr = redactor == null ? a -> a : redactor::pseudonym;
            Consumer<List<TrafficSummary>> print = summaries -> {
                TrafficSummary s = summaries.getFirst();
                try {
                    switch (format) {
                        case text -> ReportText.write(s, System.out, addr);
                        case json -> ReportJson.write(s, System.out, addr);
                        case csv -> ReportCsv.write(s, System.out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.out.flush();
            };
            return pass(target, describe(target), List.of(new TrafficTool.Selection(node)), settings, tallying.duration, print);
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, modelTransformer = WithoutEvents.class,
            description = "B against A: the same measures side by side with the ratio B/A, a seeded bootstrap interval over time blocks"
                    + " and a verdict per row (less, more, no significant difference); optionally an HTML report with plots.")
    static final class Compare implements Callable<Integer> {
        @Parameters(arity = "2", paramLabel = "A|B", description = "FILE|DIR[@NODE] (two runs, or two nodes of one archive),"
                + " or @NODE with --nats (two nodes of a fleet over the same hours).")
        List<String> sides;

        @Mixin
        TargetOptions target;

        @Mixin
        Tallying tallying;

        @Option(names = "--by", defaultValue = "msg_type", converter = GroupingConverter.class, paramLabel = "msg_type|conn_type|direction",
                description = "Rows of the comparison (default: ${DEFAULT-VALUE}).")
        Grouping by;

        @Option(names = "--bytes", defaultValue = "wire-v1", converter = MeasureConverter.class, paramLabel = "payload|wire-v1|wire-v2",
                description = "Bytes compared: payloads, or wire bytes as if every connection used v1 or v2 (default: ${DEFAULT-VALUE}).")
        Measure measure;

        @Option(names = "--report", paramLabel = "report.html", description = "Write an HTML report (plots embedded) and its PNGs next to it.")
        Path report;

        @Mixin
        ResamplingOptions resampling;

        @Option(names = "--min-effect", defaultValue = "5%", converter = BenchCommand.PercentConverter.class, paramLabel = "PCT",
                description = "Smaller changes are never called less or more (default: ${DEFAULT-VALUE}).")
        double minEffect;

        @Override
        public Integer call() throws Exception {
            // settings first: their mistakes are named before anything is read
            TrafficComparison.Settings settings = new TrafficComparison.Settings(by, measure, resampling.resamples, resampling.confidence, minEffect, resampling.seed);
            TrafficTool.Settings tally = tallying.settings();
            if (target.pid != null || target.binary != null || target.replay != null || target.follow) {
                throw new UserException("compare reads A and B: give them as FILE|DIR[@NODE], or as @NODE with --nats"
                        + " (leave out --pid, --binary, --replay and --follow)");
            }
            target.events = TrafficTool.TRACEPOINTS;
            List<SourceSpec> specs = sides.stream().map(SourceSpec::parse).toList();
            // the sides on one source are read in one pass: one archive's two nodes, or the fleet's
            Map<Path, List<Integer>> passes = new LinkedHashMap<>();
            for (int i = 0; i < specs.size(); i++) {
                SourceSpec s = specs.get(i);
                if (target.fleet() != (s.path() == null)) {
                    throw new UserException(target.fleet() ? "'" + s + "': with --nats, give A and B as @NODE (nodes of the fleet)"
                            : "'" + s + "': @NODE alone needs --nats; archives are FILE|DIR[@NODE]");
                }
                passes.computeIfAbsent(s.path() == null ? Path.of("") : s.path(), p -> new ArrayList<>()).add(i);
            }
            if (target.fleet()) {
                if (target.nodes != null) {
                    throw new UserException("with compare, A and B name the nodes: leave out --nodes");
                }
                target.nodes = specs.stream().map(SourceSpec::node).distinct().toList();
            }
            TrafficSummary[] done = new TrafficSummary[2];
            int[] remaining = {passes.size()};
            for (Map.Entry<Path, List<Integer>> pass : passes.entrySet()) {
                List<Integer> sideIndexes = pass.getValue();
                if (!target.fleet()) {
                    target.replay = List.of(pass.getKey());
                }
                List<TrafficTool.Selection> selections = sideIndexes.stream().map(i -> new TrafficTool.Selection(specs.get(i).node())).toList();
                int exit = pass(target, describe(target), selections, tally, tallying.duration, summaries -> {
                    for (int k = 0; k < sideIndexes.size(); k++) {
                        done[sideIndexes.get(k)] = summaries.get(k);
                    }
                    if (--remaining[0] == 0) {
                        compare(done[0], done[1], settings);
                    }
                });
                if (exit != 0) {
                    return exit;
                }
            }
            return 0;
        }

        private void compare(TrafficSummary a, TrafficSummary b, TrafficComparison.Settings settings) {
            TrafficComparison c = TrafficComparison.of(a, b, settings);
            CompareText.write(c, System.out);
            System.out.flush();
            if (report != null) {
                try {
                    List<Path> written = CompareHtml.write(report, c, TrafficPlots.all(c));
                    System.err.println("nodescope: wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
                } catch (IOException e) {
                    throw UserException.cannotWrite(report, e);
                }
            }
        }
    }

    /** One pass over the source {@code target} describes, each selection tallied; the summaries go to {@code done}. */
    private static int pass(TargetOptions target, String label, List<TrafficTool.Selection> selections, TrafficTool.Settings settings,
                            Duration duration, Consumer<List<TrafficSummary>> done) throws Exception {
        EventSource source = target.source(0);
        TrafficTool.Bounds bounds = TrafficTool.Bounds.NONE;
        if (source instanceof ArchiveSource archives) {
            bounds = bounds(archives);
        }
        TrafficTool tool = new TrafficTool(label, bounds, selections, settings, StatusLines.of(target.replay), System.err, done);
        return ToolRunner.run(source, tool, duration);
    }

    private static TrafficTool.Bounds bounds(ArchiveSource archives) throws ArchiveException {
        try {
            return TrafficTool.Bounds.of(archives);
        } catch (IOException e) {
            throw new ArchiveException(archives.files() + ": cannot read: " + e.getMessage());
        }
    }

    /** What is read, for the outputs: the archives, the fleet, or the live node. */
    private static String describe(TargetOptions target) {
        if (target.replaying()) {
            return String.join(",", target.replay.stream().map(Path::toString).toList());
        }
        if (target.fleet()) {
            return "nats:" + String.join(",", target.nodes == null ? List.of("*") : target.nodes);
        }
        return "live:" + target.liveNode();
    }

    static final class GroupingConverter implements CommandLine.ITypeConverter<Grouping> {
        @Override
        public Grouping convert(String value) {
            Grouping g = Grouping.byLabel(value);
            if (g == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of msg_type, conn_type, direction");
            }
            return g;
        }
    }

    static final class MeasureConverter implements CommandLine.ITypeConverter<Measure> {
        @Override
        public Measure convert(String value) {
            Measure m = Measure.byLabel(value);
            if (m == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of payload, wire-v1, wire-v2");
            }
            return m;
        }
    }
}
