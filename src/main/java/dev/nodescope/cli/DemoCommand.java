package dev.nodescope.cli;

import dev.nodescope.demo.StandInNode;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.monitor.MonitorTool;
import dev.nodescope.tool.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nodescope demo}: where no bitcoind runs, the tracepoint fixture shipped in the jar plays a
 * busy node (demo/StandInNode) and nodescope traces it for real, with log's output or the monitor.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Trace a built-in stand-in for bitcoind that plays a busy node (no bitcoind needed).")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    LogCommand.LogOptions options;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the scenario (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", description = "Show the stand-in node in the full-screen monitor instead of the log.")
    boolean monitor;

    @Override
    public Integer call() throws Exception {
        if (!monitor) {
            options.validate();
        }
        try (StandInNode node = StandInNode.start(seed)) {
            LiveSource.Builder source = LiveSource.builder().pid(node.pid()).node("demo");
            if (monitor) {
                LiveSource live = source.payloadMax(MonitorTool.PAYLOAD_MAX).build();
                return ToolRunner.run(live, MonitorTool.open(live, System.err, true), null);
            }
            String banner = "nodescope demo: no bitcoind needed. A stand-in node (pid " + node.pid() + ", nodescope's tracepoint"
                    + " fixture with Bitcoin Core's 20 tracepoints) plays a busy node; nodescope traces it with real eBPF."
                    + "\nPress Ctrl-C to stop. On a real node: nodescope log --pid $(pidof bitcoind)";
            return options.run(source.payloadMax(options.payloadMax()).build(), banner);
        }
    }
}
