package dev.nodescope.cli;

import dev.nodescope.addrman.AddrmanMetrics;
import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.error.UserException;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.metrics.MetricsTool;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.Tool;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.Watching;
import dev.nodescope.watch.sink.AlertMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope metrics}: a Prometheus exporter fed by the tracepoints (metrics/MetricsTool, docs/metrics.md). */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Serve Prometheus metrics of a running bitcoind from its tracepoints (docs/metrics.md).")
final class MetricsCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9435", paramLabel = "HOST:PORT",
            description = "Where to serve /metrics (default: ${DEFAULT-VALUE}; loopback only unless told otherwise).")
    String listen;

    @Option(names = "--decode", description = "Decode P2P payloads for ping round-trip times and inv/addr entry counts.")
    boolean decode;

    @Option(names = "--per-peer", description = "Also count messages and bytes per connected peer (peer_id label, removed on disconnect).")
    boolean perPeer;

    @Mixin
    ServeOptions serve;

    @Option(names = "--no-jvm-metrics", description = "Leave out the JVM's own metrics (jvm_*, process_*).")
    boolean noJvmMetrics;

    @Option(names = "--rpc", description = "Also poll the node's RPC for addrman gauges (nodescope_addrman_*; docs/addrman.md).")
    boolean rpc;

    @Option(names = "--rpc-every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "With --rpc: time between addrman snapshots (default: ${DEFAULT-VALUE}).")
    Duration rpcEvery;

    @Mixin
    RpcOptions rpcOptions;

    @Option(names = "--watch", description = "Run the watchdog too and serve its alert metrics (nodescope_alerts_firing, nodescope_alerts_total; docs/watch.md).")
    boolean watch;

    @Mixin
    WatchOptions watchOptions;

    @Override
    public Integer call() throws Exception {
        WatchEngine engine = watch ? watchOptions.engine(!target.replaying()) : null;
        EventSource source = target.source(watch ? WatchOptions.PAYLOAD_MAX : decode ? 65_536 : 0);
        MetricsExporter.Builder builder = MetricsExporter.builder().decodePayloads(decode)
                .sourceStats(source).jvmMetrics(!noJvmMetrics).perPeer(perPeer).node(target.liveNode());
        boolean authenticated = serve.configure(builder, listen);
        MetricsExporter exporter = builder.build();
        if (engine != null) {
            engine.addListener(new AlertMetrics(exporter.registry(), target.liveNode(), Detectors.names()));
        }
        MetricsTool metrics = MetricsTool.serve(exporter, listen, authenticated, StatusLines.of(target.replay), System.err);
        if (target.fleet()) {
            metrics.announce();
        }
        Tool tool = engine == null ? metrics : new Watching(engine, metrics);
        try (AddrmanPoller addrman = rpc ? AddrmanPoller.start(rpcOptions.client(), new AddrmanMetrics(exporter.registry()),
                Grouping.withoutAsmap(), rpcEvery, System.err) : null) {
            return ToolRunner.run(source, tool, null);
        }
    }
}
