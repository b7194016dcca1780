package dev.nodescope.cli;

import dev.nodescope.tool.WallClock;
import dev.nodescope.error.UserException;
import dev.nodescope.fleet.FleetTool;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.ToolRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope fleet}: one line per node of a fleet (fleet/FleetTool, docs/fleet.md). */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "One line per node of a fleet (--nats) or of archives: alive, last event, events/s, losses, tip, peers (docs/fleet.md).")
final class FleetCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--every", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "Print the table this often (default: ${DEFAULT-VALUE}), and once at the end.")
    Duration every;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    LogCommand.Format format;

    @Override
    public Integer call() throws Exception {
        if (every.toMillis() < 100) {
            throw new UserException("--every must be at least 100ms");
        }
        EventSource source = target.source(8); // ping nonces are all the payload the state wants; nothing else is decoded
        AtomicReference<FleetTool> tool = new AtomicReference<>();
        FleetTool fleet = new FleetTool(format == LogCommand.Format.json, System.out, every, source instanceof Pacing
                ? () -> Math.max(0, tool.get().state().lastEventNanos())
                : WallClock::epochNanos);
        tool.set(fleet);
        return ToolRunner.run(source, fleet, duration);
    }
}
