package dev.nodescope.metrics;

import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.RingStats;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.tool.ListenAddress;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import com.sun.net.httpserver.Authenticator;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The engine of {@code nodescope metrics}: a Prometheus registry with nodescope's metric families
 * ({@link NodeMetrics}, docs/metrics.md), JVM and process metrics, and an HTTP server serving
 * them in the Prometheus text and OpenMetrics formats (chosen by the scraper's Accept header) on
 * {@code /metrics}, plus {@code /-/healthy}.
 *
 * <pre>{@code
 * LiveSource source = LiveSource.builder().pid(pid).payloadMax(4096).build();
 * try (MetricsExporter exporter = MetricsExporter.builder().port(9435).decodePayloads(true)
 *          .sourceStats(source).build().start();
 *      EventStream stream = EventStream.open(source)) {
 *     exporter.attach(stream);
 *     stream.start(); // until SIGINT closes the stream
 * }
 * }</pre>
 */
public final class MetricsExporter implements AutoCloseable {
    public static final int DEFAULT_PORT = 9435;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final String host;
    private final int requestedPort;
    private final PrometheusRegistry registry;
    private final NodeMetrics metrics;
    private final FleetMetrics fleet;
    private final Authenticator authenticator;
    private final Path tlsKeyStore;
    private final char[] tlsPassword;
    private HTTPServer server;
    /** The event metrics' settings, for {@link #understudy()}. */
    private final boolean decodePayloads;
    private final boolean perPeer;
    private final String node;

    private MetricsExporter(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.registry = b.registry != null ? b.registry : new PrometheusRegistry();
        this.metrics = b.eventMetrics ? new NodeMetrics(registry, b.decodePayloads, b.perPeer, b.node) : null;
        this.fleet = b.eventMetrics ? new FleetMetrics(registry) : null;
        this.decodePayloads = b.decodePayloads;
        this.perPeer = b.perPeer;
        this.node = b.node;
        this.authenticator = b.authenticator;
        this.tlsKeyStore = b.tlsKeyStore;
        this.tlsPassword = b.tlsPassword;
        if (b.stats != null) {
            registerStats(registry, b.stats, b.ring);
        }
        if (b.jvmMetrics) {
            registerJvmMetrics(registry);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the HTTP server (the metrics are live from {@link Builder#build()} on). */
    public synchronized MetricsExporter start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HTTPServer.Builder http = HTTPServer.builder().inetAddress(InetAddress.getByName(host)).port(requestedPort).registry(registry);
        if (authenticator != null) {
            http.authenticator(authenticator);
        }
        if (tlsKeyStore != null) {
            http.httpsConfigurator(Access.tls(tlsKeyStore, tlsPassword));
        }
        server = http.buildAndStart();
        return this;
    }

    /** Registers the exporter on a stream: every event updates the metrics. Call before the stream starts. */
    public EventStream attach(EventStream stream) {
        if (metrics != null) {
            metrics.register(stream);
            fleet.register(stream);
        }
        return stream;
    }

    /**
     * Serves metrics for a source until it ends or {@link EventStream#close()} is called on the
     * returned stream from another thread: opens a stream, attaches, runs it on this thread.
     */
    public void run(EventSource source) throws Exception {
        try (EventStream stream = EventStream.open(source)) {
            attach(stream).start();
        }
    }

    /** Feeds one event (from the stream's thread, or a replay). */
    public void accept(Event event) {
        if (metrics != null) {
            metrics.accept(event);
            fleet.accept(event);
        }
    }

    /** The port bound (useful with port 0); -1 before {@link #start()}. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    public String host() {
        return host;
    }

    /** The URL scrapers use, e.g. {@code http://127.0.0.1:9435/metrics}. */
    public URI metricsUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((tlsKeyStore != null ? "https://" : "http://") + h + ":" + port() + "/metrics");
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    NodeMetrics nodeMetrics() {
        return metrics;
    }

    /**
     * An exporter with the same event metrics in a registry of its own, never served: a tool's
     * rehearsal (tool/Rehearsal) feeds it, so nothing it counts reaches a scrape.
     */
    public MetricsExporter understudy() {
        return builder().decodePayloads(decodePayloads).perPeer(perPeer).node(node).jvmMetrics(false).build();
    }

    /** Stops the HTTP server. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * The JVM's and the process's own metrics: client_java's JvmMetrics set but for the allocation
     * counters per memory pool (jvm_memory_pool_allocated_bytes_total). Those listen to every
     * garbage collection through JMX notifications, whose data the notification thread builds per
     * collection: with a young collection every ~40,000 events at full rate that cost metrics
     * ~85 ns per event and ~8 MiB resident during a burst (docs/benchmarks.md, issue 18). The rest
     * are read at scrape time only.
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmNativeMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** Hits and receipts per tracepoint and the ring's fill, read from the source at scrape time. */
    private static void registerStats(PrometheusRegistry registry, Supplier<SourceStats> stats, Supplier<RingStats> ring) {
        CounterWithCallback.builder().name("nodescope_tracepoint_hits_total")
                .help("Tracepoint hits counted in the kernel (hits = received + ring_reserve losses once drained)")
                .labelNames("tracepoint")
                .callback(cb -> {
                    SourceStats s = stats.get();
                    if (s != null) {
                        for (Tracepoint tp : Tracepoint.values()) {
                            cb.call(s.hits(tp), tp.fullName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("nodescope_ring_fill_ratio")
                .help("Share of the kernel ring buffer waiting to be read, at the extractor's last snapshot (once a second)")
                .callback(cb -> {
                    RingStats r = ring.get();
                    if (r != null && r.ringBytes() > 0) {
                        cb.call(r.fillRatio());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("nodescope_ring_peak_fill_ratio")
                .help("Largest share of the ring buffer seen waiting before a drain since the start; near 1, events get lost")
                .callback(cb -> {
                    RingStats r = ring.get();
                    if (r != null && r.ringBytes() > 0) {
                        cb.call(r.peakFillRatio());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("nodescope_extractor_events_received_total")
                .help("Events the extractor read from the ring buffer")
                .labelNames("tracepoint")
                .callback(cb -> {
                    SourceStats s = stats.get();
                    if (s != null) {
                        for (Tracepoint tp : Tracepoint.values()) {
                            cb.call(s.received(tp), tp.fullName());
                        }
                    }
                }).register(registry);
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private boolean decodePayloads;
        private boolean perPeer;
        private String node;
        private boolean jvmMetrics = true;
        private boolean eventMetrics = true;
        private Supplier<SourceStats> stats;
        private Supplier<RingStats> ring;
        private PrometheusRegistry registry;
        private Authenticator authenticator;
        private Path tlsKeyStore;
        private char[] tlsPassword;

        /** Address to bind (default 127.0.0.1: loopback only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** TCP port (default 9435; 0 picks a free one, see {@link MetricsExporter#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** {@code HOST:PORT}, {@code :PORT}, {@code PORT} or {@code [IPV6]:PORT}. */
        public Builder listen(String hostPort) {
            ListenAddress address = ListenAddress.parse(hostPort, host);
            port(address.port());
            return host(address.host());
        }

        /**
         * Decode ping/pong/inv/getdata/notfound/addr/addrv2 payloads for ping RTT, inv and addr
         * metrics. Only useful when the source captures payloads ({@code LiveSource.payloadMax}).
         */
        /** Message and byte counts per connected peer (peer id label); series go when the peer does. */
        public Builder perPeer(boolean perPeer) {
            this.perPeer = perPeer;
            return this;
        }

        /**
         * The traced node's name (the {@code node} label; {@code --node}, else the host name): its
         * series exist from the start, at 0. Leave it out when the nodes come from the events only
         * (a replay); events of other nodes get series of their own either way.
         */
        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder decodePayloads(boolean decode) {
            this.decodePayloads = decode;
            return this;
        }

        /**
         * The families folded from events ({@link NodeMetrics}; default on). Off for a server of
         * other families only ({@code watch --listen} serves the alert metrics alone).
         */
        public Builder eventMetrics(boolean on) {
            this.eventMetrics = on;
            return this;
        }

        /** JVM and process metrics (default on). */
        public Builder jvmMetrics(boolean jvm) {
            this.jvmMetrics = jvm;
            return this;
        }

        /** Exports the source's hits and receipts per tracepoint and, for a live source, its ring's fill. */
        public Builder sourceStats(EventSource source) {
            return sourceStats(source::stats, () -> source.ringStats().orElse(null));
        }

        /** The same from suppliers (null values export nothing). */
        public Builder sourceStats(Supplier<SourceStats> stats, Supplier<RingStats> ring) {
            this.stats = Objects.requireNonNull(stats);
            this.ring = Objects.requireNonNull(ring);
            return this;
        }

        /** Use this registry instead of a new one. */
        public Builder registry(PrometheusRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Require HTTP basic auth (use with TLS beyond loopback: basic auth sends the password in clear). */
        public Builder basicAuth(String user, String password) {
            this.authenticator = Access.basic(Objects.requireNonNull(user), Objects.requireNonNull(password));
            return this;
        }

        /** Require {@code Authorization: Bearer TOKEN} (Prometheus: {@code authorization: {credentials: TOKEN}}). */
        public Builder bearerToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("empty bearer token");
            }
            this.authenticator = Access.bearer(token.strip());
            return this;
        }

        /** Serve HTTPS with the key and certificate chain of this PKCS#12 key store. */
        public Builder tls(Path pkcs12KeyStore, char[] password) {
            this.tlsKeyStore = Objects.requireNonNull(pkcs12KeyStore);
            this.tlsPassword = password == null ? new char[0] : password.clone();
            return this;
        }

        public MetricsExporter build() {
            return new MetricsExporter(this);
        }
    }
}
