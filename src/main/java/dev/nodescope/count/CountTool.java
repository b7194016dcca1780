package dev.nodescope.count;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * {@code count}: events per tracepoint without building event objects (it handles none, so the
 * source only counts), for a quick "is my node emitting?" and for measuring what extraction
 * costs; the counts and every loss as a table (or JSON) when the stream ends. Time and CPU are
 * measured from the attach, like the benchmarks, so neither the JVM's start-up nor loading the
 * BPF programs count, and {@code --duration} is the time spent counting.
 */
public final class CountTool implements Tool {
    private final boolean json;
    private final PrintStream out;
    private final StatusLines status;
    private final Duration duration;
    private volatile boolean opened;
    private volatile long startNanos;
    private volatile long startCpu;
    /** When the duration ran out; detaching after it takes a while that is not counting time. */
    private volatile long endNanos;

    /** {@code duration}: how long to count once attached (null: until stopped or the source ends). */
    public CountTool(boolean json, PrintStream out, StatusLines status, Duration duration) {
        this.json = json;
        this.out = out;
        this.status = status;
        this.duration = duration;
    }

    @Override
    public void register(EventStream stream) {
        // only nodescope's own events are built; every selected tracepoint is attached and its records just counted
        status.register(stream.countUnhandled());
        if (status.replaying()) {
            open(stream); // an archive has nothing to attach to: it counts from the start
        } else {
            stream.onEvent(Attached.class, a -> open(stream));
        }
    }

    private void open(EventStream stream) {
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

    /** The table has a column per loss stage: no separate summary. */
    @Override
    public boolean reportsLosses() {
        return false;
    }

    @Override
    public Outcome finish(StreamEnd end) {
        if (!opened) {
            return Outcome.DONE; // nothing was traced (no such pid, no tracepoints...): the error alone says why
        }
        long endAt = endNanos != 0 ? endNanos : System.nanoTime();
        double seconds = (endAt - startNanos) / 1e9;
        long cpu = processCpuNanos() - startCpu;
        if (json) {
            printJson(end.stats(), seconds, cpu, out);
        } else {
            printText(end.stats(), seconds, cpu, out);
        }
        return Outcome.DONE;
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
            throw new UncheckedIOException(e);
        }
        out.println();
    }
}
