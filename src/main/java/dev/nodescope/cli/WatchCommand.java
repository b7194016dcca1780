package dev.nodescope.cli;

import dev.nodescope.addrman.Grouping;
import dev.nodescope.error.UserException;
import dev.nodescope.stream.EventSource;
import dev.nodescope.watch.AddrmanFeed;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.watch.AlertSink;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.WatchTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope watch}: attack and anomaly detection with alerts (watch/WatchTool, docs/watch.md). */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Watch a running bitcoind (or a recording) for attacks and anomalies; print alerts as they begin and end (docs/watch.md).")
final class WatchCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    TargetOptions target;

    @Mixin
    WatchOptions watch;

    @Option(names = "--format", defaultValue = "text", description = "Alerts as text or json lines (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Option(names = "--detectors", description = "List the detectors with their settings and defaults, and exit.")
    boolean listDetectors;

    @Option(names = "--rpc", description = "Also poll the node's RPC (addrman, tip against the best header) for eclipse_risk (docs/addrman.md).")
    boolean rpc;

    @Option(names = "--rpc-every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "With --rpc: time between polls (default: ${DEFAULT-VALUE}).")
    Duration rpcEvery;

    @Mixin
    RpcOptions rpcOptions;

    @Override
    public Integer call() throws Exception {
        if (listDetectors) {
            System.out.print(describeDetectors());
            return 0;
        }
        if (rpc && target.replaying()) {
            throw new UserException("--rpc polls a running node: leave it out with --replay");
        }
        WatchEngine engine = watch.engine(!target.replaying());
        List<AlertSink> sinks = new ArrayList<>();
        EventSource source = target.source(WatchOptions.PAYLOAD_MAX);
        WatchTool tool = new WatchTool(engine, StandardOutput.open(), format == Format.json ? WatchTool.Format.JSON : WatchTool.Format.TEXT,
                sinks, System.err);
        try (AddrmanFeed feed = rpc ? AddrmanFeed.start(rpcOptions.client(), Grouping.withoutAsmap(), engine, target.liveNode(), rpcEvery,
                System.err) : null) {
            return ToolRunner.run(source, tool, duration);
        }
    }

    static String describeDetectors() {
        StringBuilder sb = new StringBuilder();
        for (DetectorSpec d : Detectors.all()) {
            sb.append(d.name()).append(" (").append(d.severity().jsonName()).append(", for ").append(Durations.text(d.forTime().toNanos()))
                    .append(", clear ").append(Durations.text(d.clearTime().toNanos())).append(d.learns() ? ", learns a baseline" : "")
                    .append(")\n  ").append(d.doc()).append('\n');
            for (ParamSpec p : d.params()) {
                sb.append("  ").append(p.name()).append(": ")
                        .append(p.duration() ? Durations.text(Math.round(p.defaultValue() * 1e9)) : dev.nodescope.event.Evidence.format(p.defaultValue()))
                        .append("  ").append(p.doc()).append('\n');
            }
        }
        return sb.toString();
    }
}
