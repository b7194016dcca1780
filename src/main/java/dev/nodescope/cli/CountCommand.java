package dev.nodescope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nodescope count}: counts events per tracepoint without building event objects, for a quick
 * "is my node emitting?" and for measuring what extraction costs.
 */
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
        EventSource source = target.source(0);
        // only nodescope's own events are built; tracepoint records are just counted
        EventStream stream = StatusLines.register(EventStream.open(source).countUnhandled(), target);
        Window window = new Window(stream, duration);
        if (target.replaying()) {
            window.open(); // an archive has nothing to attach to: it counts from the start
        } else {
            stream.onEvent(Attached.class, a -> window.open());
        }
        StreamRunner.run(stream, null, () -> {
            if (!window.opened) {
                return; // nothing was traced (no such pid, no tracepoints...): the error alone says why
            }
            double seconds = window.seconds();
            long cpu = processCpuNanos() - window.startCpu;
            SourceStats stats = source.stats();
            if (format == LogCommand.Format.json) {
                printJson(stats, seconds, cpu, System.out);
            } else {
                printText(stats, seconds, cpu, System.out);
            }
        });
        return 0;
    }

    /**
     * What the summary measures: from the first attach, like the benchmarks, so neither JVM
     * start-up nor loading the BPF programs count as time or CPU per event, and
     * {@code --duration} is the time spent counting.
     */
    private static final class Window {
        private final EventStream stream;
        private final Duration duration;
        volatile boolean opened;
        volatile long startNanos;
        volatile long startCpu;
        /** When the duration ran out; detaching after it takes a while that is not counting time. */
        volatile long endNanos;

        Window(EventStream stream, Duration duration) {
            this.stream = stream;
            this.duration = duration;
        }

        void open() {
            if (opened) {
                return; // a re-attach (--follow) goes on counting in the same window
            }
            startCpu = processCpuNanos();
            startNanos = System.nanoTime();
            opened = true;
            if (duration != null) {
                Thread.ofPlatform().daemon(true).name("nodescope-duration").start(() -> {
                    try {
                        Thread.sleep(duration);
                        endNanos = System.nanoTime();
                        stream.close();
                    } catch (InterruptedException ignored) {
                        // the process is ending anyway
                    }
                });
            }
        }

        double seconds() {
            long end = endNanos != 0 ? endNanos : System.nanoTime();
            return (end - startNanos) / 1e9;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void printText(SourceStats s, double seconds, long cpuNanos, PrintStream out) {
        out.printf("%-42s %12s %12s %10s %10s %10s %10s%n", "tracepoint", "hits", "received", "lost", "no-payload",
                "unreadable", "truncated");
        for (Tracepoint tp : Tracepoint.values()) {
            if (s.hits(tp) == 0 && s.received(tp) == 0) {
                continue;
            }
            out.printf("%-42s %12d %12d %10d %10d %10d %10d%n", tp.fullName(), s.hits(tp), s.received(tp),
                    s.lost(LossStage.RING_RESERVE, tp), s.lost(LossStage.PAYLOAD_DROPPED, tp),
                    s.lost(LossStage.READ_USER, tp), s.lost(LossStage.TRUNCATED, tp));
        }
        long received = s.totalReceived();
        out.printf("total: %d events received, %d lost, in %.1f s (%.0f events/s); extractor CPU %.1f ms%s%n", received,
                s.eventsLost(), seconds, received / Math.max(seconds, 1e-9), cpuNanos / 1e6,
                received > 0 ? String.format(" (%.0f ns/event)", (double) cpuNanos / received) : "");
    }

    private static void printJson(SourceStats s, double seconds, long cpuNanos, PrintStream out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("seconds", seconds);
            g.writeNumberField("received", s.totalReceived());
            g.writeNumberField("lost", s.eventsLost());
            g.writeNumberField("extractor_cpu_ns", cpuNanos);
            g.writeObjectFieldStart("tracepoints");
            for (Tracepoint tp : Tracepoint.values()) {
                if (s.hits(tp) == 0 && s.received(tp) == 0) {
                    continue;
                }
                g.writeObjectFieldStart(tp.fullName());
                g.writeNumberField("hits", s.hits(tp));
                g.writeNumberField("received", s.received(tp));
                for (LossStage stage : s.stages()) {
                    g.writeNumberField(stage.jsonName(), s.lost(stage, tp));
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("decode_errors", s.decodeErrors());
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.println();
    }
}
