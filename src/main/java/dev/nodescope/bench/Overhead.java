package dev.nodescope.bench;

import dev.nodescope.bpf.Privileges;
import dev.nodescope.demo.StandInBinary;
import dev.nodescope.error.UserException;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.TargetException;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.SourceStats;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tracing costs the node, so that a benchmark can state its own error: the fixture's load
 * mode fires {@code validation:block_connected} N times (semaphore-gated, as in bitcoind) with no
 * tracer, with nodescope only counting, and with {@code bench record}'s whole pipeline (events
 * built, rows written). Each configuration runs in a fresh fixture process; configurations are
 * interleaved per repeat and their order rotates, so machine noise hits them alike.
 */
public final class Overhead {
    public enum Config {
        /** Nothing attached: the semaphore stays 0, the probe is a skipped branch. */
        NONE("none"),
        /** nodescope attached, counting in the kernel and the reader, building no events. */
        COUNT("count"),
        /** bench record's pipeline: every event decoded into a BlockConnected and written as a dataset row. */
        EXTRACT("extract");

        final String label;

        Config(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * One run: the fixture's own measurement (its firing thread's CPU, which includes the uprobe
     * trap and the BPF program the kernel charges to it, and its wall time) and what nodescope got;
     * {@code tracerCpuNs} is nodescope's CPU (all its threads, JVM included) from the attach until
     * it had drained everything, which includes its fixed polling cost while the run lasted.
     */
    public record Run(Config config, int repeat, long hits, long fired, long received, long lost, long fixtureCpuNs, long elapsedNs,
                      long tracerCpuNs) {
        public double cpuNsPerHit() {
            return (double) fixtureCpuNs / hits;
        }
    }

    private static final Pattern FIELD = Pattern.compile("\"(fired|elapsed_ns|cpu_ns)\":(\\d+)");

    private final Path fixture;
    private final long hits;
    private final Path scratch;

    /** {@code scratch}: a directory for the extract configuration's dataset (deleted after each run). */
    public Overhead(Path fixture, long hits, Path scratch) {
        this.fixture = fixture;
        this.hits = hits;
        this.scratch = scratch;
    }

    /**
     * {@code bench overhead}: {@code repeats} runs of each configuration with {@code hits} hits on
     * the stand-in node shipped in the jar; the table and how to read it on {@code out}.
     */
    public static void measureStandIn(long hits, int repeats, PrintStream out, PrintStream err) throws Exception {
        if (hits <= 0 || repeats <= 0) {
            throw new UserException("--hits and --repeats must be positive");
        }
        String problem = Privileges.problem().orElse(null);
        if (problem != null) {
            throw new TargetException(problem);
        }
        try (StandInBinary standIn = StandInBinary.extract()) {
            err.println("nodescope: " + repeats + " x (none, count, extract) of " + hits
                    + " validation:block_connected hits on the built-in stand-in node ...");
            List<Run> runs = new Overhead(standIn.path(), hits, standIn.directory()).run(repeats);
            out.print(table(runs));
            out.println("node CPU ns/hit: the firing thread's CPU per hit (includes the uprobe trap and BPF program);"
                    + " x none and added: against the no-tracer run of the same repeat; medians over repeats");
        }
    }

    public List<Run> run(int repeats) throws Exception {
        List<Run> runs = new ArrayList<>();
        Config[] configs = Config.values();
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < configs.length; i++) {
                runs.add(once(configs[(i + r) % configs.length], r + 1));
            }
        }
        return runs;
    }

    private Run once(Config config, int repeat) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(fixture.toString(), "load", "validation:block_connected", Long.toString(hits), "1"));
        if (config != Config.NONE) {
            cmd.add("--wait-attached");
        }
        Process load = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            EventStream stream = null;
            LiveSource source = null;
            DatasetWriter writer = null;
            Path dataset = scratch.resolve("overhead-" + load.pid() + ".csv");
            // nodescope's CPU from the attach on: loading and attaching the BPF programs is a start-up cost, not one per event
            java.util.concurrent.atomic.AtomicLong cpu0 = new java.util.concurrent.atomic.AtomicLong();
            if (config != Config.NONE) {
                source = LiveSource.builder().pid(load.pid()).events(Set.of(Tracepoint.VALIDATION_BLOCK_CONNECTED)).node("overhead").build();
                stream = EventStream.open(source).countUnhandled();
                stream.onEvent(dev.nodescope.event.Attached.class, a -> cpu0.set(processCpuNanos()));
                if (config == Config.EXTRACT) {
                    writer = new DatasetWriter(dataset);
                    new DatasetRecorder(writer, Map.of(), null, null, null, () -> { }).register(stream);
                }
                stream.startAsync();
            }
            String line = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!load.waitFor(10, TimeUnit.MINUTES) || load.exitValue() != 0) {
                throw new IOException("the fixture's load run failed (exit " + load.exitValue() + "): " + line.strip());
            }
            long received = 0;
            long lost = 0;
            if (stream != null) {
                // the source notices the exit within its liveness check, drains the ring and ends
                if (!stream.awaitTermination(Duration.ofSeconds(30))) {
                    stream.close();
                    stream.awaitTermination(Duration.ofSeconds(10));
                }
                SourceStats stats = source.stats();
                received = stats.received(Tracepoint.VALIDATION_BLOCK_CONNECTED);
                lost = stats.eventsLost();
            }
            long tracerCpu = config == Config.NONE ? 0 : processCpuNanos() - cpu0.get();
            if (writer != null) {
                writer.close();
                Files.deleteIfExists(dataset);
            }
            return new Run(config, repeat, hits, field(line, "fired"), received, lost, field(line, "cpu_ns"), field(line, "elapsed_ns"),
                    tracerCpu);
        } finally {
            load.destroyForcibly();
        }
    }

    private static long field(String line, String name) throws IOException {
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Long.parseLong(m.group(2));
            }
        }
        throw new IOException("the fixture's load run printed no " + name + ": " + line.strip());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The table: medians over repeats; ratios and added cost against the no-tracer run of the same repeat. */
    public static String table(List<Run> runs) {
        StringBuilder b = new StringBuilder(String.format("%-8s %8s %10s %10s %10s %6s %16s %10s %16s %16s%n", "config", "repeats",
                "hits", "fired", "received", "lost", "node CPU ns/hit", "x none", "added ns/hit", "nodescope ns/ev"));
        for (Config c : Config.values()) {
            List<Run> mine = runs.stream().filter(r -> r.config() == c).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double[] cpu = mine.stream().mapToDouble(Run::cpuNsPerHit).toArray();
            double[] ratio = mine.stream().mapToDouble(r -> r.cpuNsPerHit() / baseline(runs, r.repeat())).toArray();
            double[] added = mine.stream().mapToDouble(r -> r.cpuNsPerHit() - baseline(runs, r.repeat())).toArray();
            double[] tracer = mine.stream().filter(r -> r.received() > 0).mapToDouble(r -> (double) r.tracerCpuNs() / r.received()).toArray();
            Run last = mine.getLast();
            b.append(String.format(java.util.Locale.ROOT, "%-8s %8d %10d %10d %10s %6s %16.1f %10s %16s %16s%n", c, mine.size(), last.hits(),
                    last.fired(), c == Config.NONE ? "-" : Long.toString(last.received()), c == Config.NONE ? "-" : Long.toString(last.lost()),
                    median(cpu), c == Config.NONE ? "1" : String.format(java.util.Locale.ROOT, "%.0f", median(ratio)),
                    c == Config.NONE ? "-" : String.format(java.util.Locale.ROOT, "%.0f", median(added)),
                    tracer.length == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.0f", median(tracer))));
        }
        return b.toString();
    }

    private static double baseline(List<Run> runs, int repeat) {
        return runs.stream().filter(r -> r.config() == Config.NONE && r.repeat() == repeat).findFirst().orElseThrow().cpuNsPerHit();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
