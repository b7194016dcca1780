package dev.nodescope.cli;

import dev.nodescope.monitor.MonitorTool;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nodescope monitor}: a full-screen live view of peers, messages, blocks, mempool and losses (monitor/MonitorTool, docs/monitor.md). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Full-screen terminal view of a bitcoind's peers and messages, blocks, mempool and losses (docs/monitor.md).")
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        EventSource source = target.source(MonitorTool.PAYLOAD_MAX); // bad flags first
        if (source instanceof Pacing pacing && target.replayOptions.speed == null) {
            pacing.speed(1); // a person watches a replay at the recorded pace unless told otherwise
        }
        return ToolRunner.run(source, MonitorTool.open(source, System.err), null);
    }
}
