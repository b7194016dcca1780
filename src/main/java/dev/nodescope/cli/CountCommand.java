package dev.nodescope.cli;

import dev.nodescope.count.CountTool;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope count}: events per tracepoint, counted without building events (count/CountTool). */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = "Count events per tracepoint; print the counts and every loss when stopped (Ctrl-C, --duration).")
final class CountCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stop after this long, e.g. 30s, 5m.")
    Duration duration;

    @Option(names = "--format", defaultValue = "text", description = "Summary as text or json (default: ${DEFAULT-VALUE}).")
    LogCommand.Format format;

    @Override
    public Integer call() throws Exception {
        CountTool tool = new CountTool(format == LogCommand.Format.json, System.out, StatusLines.of(target.replay), duration);
        return ToolRunner.run(target.source(0), tool, null); // the tool times --duration from the attach
    }
}
