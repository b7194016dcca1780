package dev.nodescope.fleet;

import dev.nodescope.PlayedEvents;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.metrics.MetricsTool;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.tool.StatusLines;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bench/fleet-nodes.sh: how many nodes one central {@code metrics --nats} keeps up with. N
 * simulated nodes, each publishing the busy-node scenario (distinct node names and seeds) paced in
 * real time at MULTIPLE times the scenario's rate through its own Publisher and NATS connection (a
 * child JVM, so this process's CPU is the consumer's alone), into one consumer here: the NatsSource
 * of {@code --nats} feeding the metrics exporter as {@code metrics --nats} runs it (MetricsTool,
 * serving on a loopback port). Per N: events/s delivered, the consumer's CPU (% of a core, per
 * event), consume losses, the publishers' and nats-server's CPU, and the delivery delay (now minus
 * when the event was due to be published; the publishers flush every 10 ms, like the ring's poll).
 * Then the consumer's ceiling: BURST_NODES nodes publish BURST_EVENTS events in all, made before and
 * sent as fast as possible (rounds of 50 events per node); the consumer's events/s and CPU per event
 * from the first event until it has them all (or lost some).
 * Args: NODES MULTIPLE SECONDS BURST_NODES BURST_EVENTS (defaults 10,25,50,100 8.3 20 20 1000000: 8.3 x the
 * scenario's 121 events/s = 1,000 events/s per node, a busy mainnet node's sustained rate with headroom).
 */
public final class FleetNodesBench {
    private static final int WARMUP_SECONDS = 4;
    /** The publishers' round: the live source's poll interval. */
    private static final long TICK_MILLIS = 10;
    /** Distinct scenarios (seeds); node i plays seed i % SEEDS from its own offset. */
    private static final int SEEDS = 4;

    private FleetNodesBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("publishers")) {
            publishers(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
            return;
        }
        if (args.length > 0 && args[0].equals("burst")) {
            burst(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4].equals("-") ? null : args[4]);
            return;
        }
        int[] nodes = java.util.Arrays.stream((args.length > 0 ? args[0] : "10,25,50,100").split(",")).mapToInt(Integer::parseInt).toArray();
        double multiple = args.length > 1 ? Double.parseDouble(args[1]) : 8.3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int burstNodes = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int burstEvents = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        double perNode = scenarioRate() * multiple;
        System.out.printf(Locale.ROOT, "busy-node scenario: %.0f events/s per node; x%.1f = %.0f events/s per node%n", perNode / multiple,
                multiple, perNode);
        System.out.printf("%6s %11s %10s %10s %9s %11s %11s %10s %10s %9s %9s %9s%n", "nodes", "offered/s", "events", "events/s", "lost",
                "cons %core", "cons ns/ev", "pub %core", "nats %core", "delay p50", "p99 ms", "max ms");
        Path dir = BenchDirectory.create("fleet-nodes");
        try (NatsServer server = NatsServer.start(dir, "bench", "jetstream { store_dir: \"" + dir.resolve("js") + "\" }")) {
            System.out.println("(warm-up: the consumer's JIT)");
            measure(server, nodes[0], multiple, 5, perNode);
            System.out.println("(measured)");
            for (int n : nodes) {
                measure(server, n, multiple, seconds, perNode);
            }
            System.out.printf("%nas fast as possible:%n%-9s %6s %10s %10s %10s %9s %11s %11s %10s %10s%n", "transport", "nodes", "published",
                    "events", "events/s", "lost", "cons %core", "cons ns/ev", "pub %core", "nats %core");
            ceiling(server, burstNodes, burstEvents / burstNodes, false);
            ceiling(server, burstNodes, burstEvents / burstNodes, true);
        }
        System.exit(0);
    }

    /** The busy-node scenario's events per second of its own (simulated) time. */
    private static double scenarioRate() throws Exception {
        List<String> lines = new BusyNodeScenario(1).lines(50_000);
        long events = new PlayedEvents("rate", 1, 0).play(lines).size();
        return events / (sleptMillis(lines) / 1000.0);
    }

    private static long sleptMillis(List<String> lines) {
        long ms = 0;
        for (String l : lines) {
            ms += sleepOf(l);
        }
        return ms;
    }

    private static long sleepOf(String line) {
        return line.startsWith("sleep ") ? Long.parseLong(line.substring(6).strip()) : 0;
    }

    private static void measure(NatsServer server, int n, double multiple, int seconds, double perNode) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        NatsAccess access = NatsAccess.of(server.url());
        NatsSource source = FleetSources.open(access, List.of(), Tracepoint.select(List.of()), null, null);
        MetricsExporter exporter = MetricsExporter.builder().port(0).sourceStats(source).build();
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        MetricsTool metrics = MetricsTool.serve(exporter, "127.0.0.1:0", false, StatusLines.live(), quiet);
        EventStream stream = EventStream.open(source);
        metrics.register(stream);
        long wallStart = System.currentTimeMillis() + 3000; // the publishers' clock starts here (after their JVM and connections)
        Latencies delay = new Latencies();
        long[] window = {Long.MAX_VALUE};
        stream.onEvent(TracepointEvent.class, e -> {
            // when it was due: the publishers' clock runs MULTIPLE times faster than the wall's
            long due = wallStart * 1_000_000L + (long) ((e.meta().epochNanos() - wallStart * 1_000_000L) / multiple);
            if (due >= window[0]) {
                delay.add(Latencies.nowEpochNanos() - due);
            }
        });
        stream.startAsync();
        Thread.sleep(1000);
        Process publishers = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Xmx1g", FleetNodesBench.class.getName(), "publishers", server.url(), Integer.toString(n),
                Double.toString(multiple), Integer.toString(seconds + WARMUP_SECONDS + 2), Long.toString(wallStart))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle nats = ProcessHandle.current().children().filter(p -> p.pid() != publishers.pid()).findFirst().orElseThrow();
        Thread.sleep(Math.max(0, wallStart - System.currentTimeMillis()) + WARMUP_SECONDS * 1000L);
        window[0] = Latencies.nowEpochNanos();
        long events0 = source.stats().totalReceived();
        long lost0 = source.stats().eventsLost();
        long cpu0 = os.getProcessCpuTime();
        long pub0 = cpu(publishers.toHandle());
        long nats0 = cpu(nats);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double s = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        long pub = cpu(publishers.toHandle()) - pub0;
        long natsCpu = cpu(nats) - nats0;
        long events = source.stats().totalReceived() - events0;
        long lost = source.stats().eventsLost() - lost0;
        window[0] = Long.MAX_VALUE;
        publishers.waitFor();
        Thread.sleep(500);
        stream.close();
        stream.awaitTermination(Duration.ofSeconds(10));
        exporter.close();
        String[] p = delay.percentiles().trim().split("\\s+");
        System.out.printf(Locale.ROOT, "%6d %11.0f %10d %10.0f %9d %11.1f %11.0f %10.1f %10.1f %9s %9s %9s%n", n, n * perNode, events, events / s,
                lost, 100.0 * cpu / (s * 1e9), events == 0 ? 0 : (double) cpu / events,
                100.0 * pub / (s * 1e9), 100.0 * natsCpu / (s * 1e9), p[0], p[2], p[4]);
    }

    /**
     * The consumer's ceiling: a known total sent as fast as possible, timed from the first event to
     * the last (or 100 s). Core NATS: read while it is sent. JetStream: sent into a stream first, then
     * the backlog read (only the consumer and the server working: what it does when it falls behind).
     */
    private static void ceiling(NatsServer server, int n, int perNode, boolean jetstream) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        NatsAccess access = NatsAccess.of(server.url());
        String streamName = jetstream ? "BENCH" : null;
        if (jetstream) {
            Connection nats = access.connect(access.options("bench", new ErrorListener() { }, (c, e) -> { }).build());
            JetStreams.ensure(nats, streamName, new JetStreams.Retention(Duration.ofHours(1), 4L << 30, 1));
            nats.close();
        }
        java.time.Instant from = java.time.Instant.now().minusSeconds(1);
        Process publishers = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Xmx2g", FleetNodesBench.class.getName(), "burst", server.url(), Integer.toString(n),
                Integer.toString(perNode), jetstream ? streamName : "-").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle nats = ProcessHandle.current().children().filter(p -> p.pid() != publishers.pid()).findFirst().orElseThrow();
        var fromChild = new java.io.BufferedReader(new java.io.InputStreamReader(publishers.getInputStream()));
        if (!"ready".equals(fromChild.readLine())) {
            throw new IllegalStateException("the publishers did not start");
        }
        NatsSource source = null;
        EventStream stream = null;
        // the exporter exports the source's stats, as metrics --nats does; with JetStream the source comes later
        var current = new java.util.concurrent.atomic.AtomicReference<NatsSource>();
        MetricsExporter exporter = MetricsExporter.builder().port(0)
                .sourceStats(() -> current.get() == null ? SourceStats.empty() : current.get().stats(), () -> null).build();
        MetricsTool metrics = MetricsTool.serve(exporter, "127.0.0.1:0", false, StatusLines.live(), new PrintStream(PrintStream.nullOutputStream()));
        if (!jetstream) {
            source = FleetSources.open(access, List.of(), Tracepoint.select(List.of()), null, null);
            current.set(source);
            stream = EventStream.open(source);
            metrics.register(stream);
            stream.startAsync();
            Thread.sleep(1000);
        }
        long total = (long) n * perNode;
        long cpu0 = os.getProcessCpuTime();
        long pub0 = cpu(publishers.toHandle());
        long nats0 = cpu(nats);
        long t0 = System.nanoTime();
        publishers.getOutputStream().write('\n');
        publishers.getOutputStream().flush();
        if (jetstream) {
            publishers.waitFor();
            cpu0 = os.getProcessCpuTime();
            pub0 = cpu(publishers.toHandle());
            nats0 = cpu(nats);
            t0 = System.nanoTime();
            source = FleetSources.open(access, List.of(), Tracepoint.select(List.of()), streamName, ArchiveSource.TimeBound.at(from));
            current.set(source);
            stream = EventStream.open(source);
            metrics.register(stream);
            stream.startAsync();
        }
        long deadline = t0 + 100_000_000_000L;
        while (source.stats().totalReceived() + source.stats().eventsLost() < total && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        long pubEnd = cpu(publishers.toHandle());
        // the publishers' CPU is readable while they run; a small total may be sent and the child gone first
        String pubCore = jetstream ? "before" : publishers.isAlive() && pubEnd >= pub0
                ? String.format(Locale.ROOT, "%.1f", 100.0 * (pubEnd - pub0) / (s * 1e9)) : "-";
        long natsCpu = cpu(nats) - nats0;
        long events = source.stats().totalReceived();
        publishers.waitFor();
        stream.close();
        stream.awaitTermination(Duration.ofSeconds(10));
        exporter.close();
        System.out.printf(Locale.ROOT, "%-9s %6d %10d %10d %10.0f %9d %11.1f %11.0f %10s %10.1f%n", jetstream ? "JetStream" : "core", n, total,
                events, events / s, source.stats().eventsLost(), 100.0 * cpu / (s * 1e9), events == 0 ? 0 : (double) cpu / events,
                pubCore, 100.0 * natsCpu / (s * 1e9));
    }

    /** The child of {@link #ceiling}: each node's events made first; "ready", then on a line from the parent all sent, round by round. */
    private static void burst(String url, int n, int perNode, String jetstream) throws Exception {
        NatsAccess access = NatsAccess.of(url);
        List<List<String>> scripts = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            scripts.add(new BusyNodeScenario(seed).lines((int) (perNode * 1.3) + 1000));
        }
        List<Publisher> publishers = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<List<Event>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection nats = access.connect(access.options("bench node-" + i, new ErrorListener() { }, (c, e) -> { })
                    .reconnectBufferSize(64L << 20).build());
            connections.add(nats);
            publishers.add(new Publisher(nats, jetstream == null ? null : nats.jetStream(), jetstream));
            List<Event> mine = new PlayedEvents(String.format(Locale.ROOT, "node-%03d", i), 1000 + i, System.currentTimeMillis() * 1_000_000L)
                    .play(scripts.get(i % SEEDS));
            if (mine.size() < perNode) {
                throw new IllegalStateException("the scenario made " + mine.size() + " events, fewer than " + perNode);
            }
            events.add(mine.subList(0, perNode));
        }
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        int round = 50;
        for (int from = 0; from < perNode; from += round) {
            for (int i = 0; i < n; i++) {
                Publisher p = publishers.get(i);
                for (Event e : events.get(i).subList(from, Math.min(perNode, from + round))) {
                    p.accept(e);
                }
                p.flush();
            }
        }
        long published = 0;
        for (int i = 0; i < n; i++) {
            publishers.get(i).drain(10_000);
            published += publishers.get(i).eventsPublished();
            connections.get(i).close();
        }
        System.err.printf(Locale.ROOT, "burst: %d nodes published %,d events%n", n, published);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** The child: N nodes publishing, each from its own connection, paced against the wall clock from {@code wallStartMillis}. */
    private static void publishers(String url, int n, double multiple, int seconds, long wallStartMillis) throws Exception {
        NatsAccess access = NatsAccess.of(url);
        List<List<String>> scripts = new ArrayList<>();
        int lineCount = (int) Math.max(20_000, 1.5 * seconds * multiple * 200); // the scenario's lines per simulated second, with room
        for (int seed = 1; seed <= SEEDS; seed++) {
            scripts.add(new BusyNodeScenario(seed).lines(lineCount));
        }
        List<SimulatedNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection nats = access.connect(access.options("bench node-" + i, new ErrorListener() { }, (c, e) -> { })
                    .reconnectBufferSize(64L << 20).build());
            List<String> script = scripts.get(i % SEEDS);
            nodes.add(new SimulatedNode(new Publisher(nats, null, null), nats, new PlayedEvents(String.format(Locale.ROOT, "node-%03d", i), 1000 + i,
                    wallStartMillis * 1_000_000L), script, (i * 7919) % (script.size() / 2)));
        }
        while (System.currentTimeMillis() < wallStartMillis) {
            Thread.sleep(1);
        }
        long end = wallStartMillis + seconds * 1000L;
        for (long now = System.currentTimeMillis(); now < end; now = System.currentTimeMillis()) {
            double simulatedMillis = (now - wallStartMillis) * multiple;
            for (SimulatedNode node : nodes) {
                node.playUntil(simulatedMillis);
                node.publisher.flush();
            }
            long next = now + TICK_MILLIS - (System.currentTimeMillis() - now);
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
        }
        long published = 0;
        for (SimulatedNode node : nodes) {
            node.publisher.drain(5000);
            published += node.publisher.eventsPublished();
            node.nats.close();
        }
        System.err.printf(Locale.ROOT, "publishers: %d nodes published %,d events%n", n, published);
    }

    /** One node of the fleet: its script from an offset, its simulated clock, its publisher. */
    private static final class SimulatedNode {
        final Publisher publisher;
        final Connection nats;
        final PlayedEvents played;
        final List<String> script;
        int next;
        /** The node's simulated time, as its PlayedEvents counts it: the sleeps, and 1 us per event. */
        long simulatedNanos;

        SimulatedNode(Publisher publisher, Connection nats, PlayedEvents played, List<String> script, int offset) {
            this.publisher = publisher;
            this.nats = nats;
            this.played = played;
            this.script = script;
            this.next = offset;
        }

        void playUntil(double millis) {
            while (simulatedNanos <= millis * 1e6) {
                String line = script.get(next);
                next = (next + 1) % script.size();
                simulatedNanos += sleepOf(line) * 1_000_000L;
                Event e = played.line(line);
                if (e != null) {
                    simulatedNanos += 1_000;
                    publisher.accept(e);
                }
            }
        }
    }
}
