package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.metrics.MetricsTool;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.watch.AddrmanFeed;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.watch.AlertSink;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.WatchTool;
import dev.nodescope.watch.report.BacktestReport;
import dev.nodescope.watch.sink.AlertmanagerSink;
import dev.nodescope.watch.sink.HttpTarget;
import dev.nodescope.watch.sink.PrometheusSink;
import dev.nodescope.watch.sink.WebhookSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope watch}: attack and anomaly detection with alerts (watch/WatchTool, docs/watch.md). */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Watch a running bitcoind (or a recording) for attacks and anomalies; print alerts as they begin and end (docs/watch.md).")
final class WatchCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    TargetOptions target;

    @Mixin
    WatchOptions watch;

    @Option(names = "--format", defaultValue = "text", description = "Alerts as text or json lines (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Option(names = "--detectors", description = "List the detectors with their settings and defaults, and exit.")
    boolean listDetectors;

    @Option(names = "--rpc", description = "Also poll the node's RPC (addrman, tip against the best header) for eclipse_risk (docs/addrman.md).")
    boolean rpc;

    @Option(names = "--rpc-every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "With --rpc: time between polls (default: ${DEFAULT-VALUE}).")
    Duration rpcEvery;

    @Mixin
    RpcOptions rpcOptions;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Serve the alert metrics for Prometheus on /metrics at HOST:PORT (HOST 127.0.0.1 unless given: loopback only).")
    String listen;

    @Mixin
    ServeOptions serve;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Send firing and resolved alerts to this Alertmanager (http://HOST:9093; its v2 API); repeatable.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--alertmanager-basic-auth-file", paramLabel = "FILE", description = "File holding user:password for Alertmanager.")
    Path alertmanagerBasicAuth;

    @Option(names = "--alertmanager-bearer-token-file", paramLabel = "FILE", description = "File holding a bearer token for Alertmanager.")
    Path alertmanagerBearer;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST every alert event as JSON to this URL; repeatable.")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--webhook-basic-auth-file", paramLabel = "FILE", description = "File holding user:password for the webhook.")
    Path webhookBasicAuth;

    @Option(names = "--webhook-bearer-token-file", paramLabel = "FILE", description = "File holding a bearer token for the webhook.")
    Path webhookBearer;

    @Option(names = "--report", paramLabel = "FILE.html|FILE.json",
            description = "At the end, write a backtest report: alert timeline with evidence, counts per detector, each fired alert's signal against its threshold.")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (listDetectors) {
            System.out.print(describeDetectors());
            return 0;
        }
        if (rpc && target.replaying()) {
            throw new UserException("--rpc polls a running node: leave it out with --replay");
        }
        WatchEngine engine = watch.engine(!target.replaying());
        // every mistake in the sinks' options is found before anything starts
        List<HttpTarget> alertmanagerTargets = new ArrayList<>();
        for (String url : alertmanagers) {
            alertmanagerTargets.add(HttpTarget.parse("--alertmanager", url, alertmanagerBasicAuth, alertmanagerBearer));
        }
        if (alertmanagers.isEmpty() && (alertmanagerBasicAuth != null || alertmanagerBearer != null)) {
            throw new UserException("--alertmanager-basic-auth-file and --alertmanager-bearer-token-file need --alertmanager URL");
        }
        List<HttpTarget> webhookTargets = new ArrayList<>();
        for (String url : webhooks) {
            webhookTargets.add(HttpTarget.parse("--webhook", url, webhookBasicAuth, webhookBearer));
        }
        if (webhooks.isEmpty() && (webhookBasicAuth != null || webhookBearer != null)) {
            throw new UserException("--webhook-basic-auth-file and --webhook-bearer-token-file need --webhook URL");
        }
        if (listen == null && serve.given()) {
            throw new UserException("--basic-auth-file, --bearer-token-file and --tls-keystore apply to --listen, which is not given");
        }
        MetricsExporter exporter = null;
        boolean authenticated = false;
        if (listen != null) {
            MetricsExporter.Builder builder = MetricsExporter.builder().eventMetrics(false).jvmMetrics(false);
            authenticated = serve.configure(builder, listen);
            exporter = builder.build();
        }
        BacktestReport backtest = report == null ? null : BacktestReport.to(report, target.replaying() ? String.join(", ", target.replay.stream()
                .map(Path::toString).toList()) : "live", engine::events);
        EventSource source = target.source(WatchOptions.PAYLOAD_MAX);
        List<AlertSink> sinks = new ArrayList<>();
        if (exporter != null) {
            sinks.add(new PrometheusSink(exporter, target.liveNode(), Detectors.names())); // its series exist before the server answers
            MetricsTool.start(exporter, listen, authenticated, System.err);
            System.err.println("nodescope: serving alert metrics at " + exporter.metricsUri());
        }
        for (HttpTarget t : alertmanagerTargets) {
            sinks.add(new AlertmanagerSink(t, System.err));
        }
        for (HttpTarget t : webhookTargets) {
            sinks.add(new WebhookSink(t, System.err));
        }
        if (backtest != null) {
            sinks.add(backtest);
        }
        WatchTool tool = new WatchTool(engine, StandardOutput.open(), format == Format.json ? WatchTool.Format.JSON : WatchTool.Format.TEXT,
                sinks, StatusLines.of(target.replay), System.err);
        try (AddrmanFeed feed = rpc ? AddrmanFeed.start(rpcOptions.client(), Grouping.withoutAsmap(), engine, target.liveNode(), rpcEvery,
                System.err) : null) {
            return ToolRunner.run(source, tool, duration);
        }
    }

    static String describeDetectors() {
        StringBuilder sb = new StringBuilder();
        for (DetectorSpec d : Detectors.all()) {
            sb.append(d.name()).append(" (").append(d.severity().jsonName()).append(", for ").append(Durations.text(d.forTime().toNanos()))
                    .append(", clear ").append(Durations.text(d.clearTime().toNanos())).append(d.learns() ? ", learns a baseline" : "")
                    .append(")\n  ").append(d.doc()).append('\n');
            for (ParamSpec p : d.params()) {
                sb.append("  ").append(p.name()).append(": ")
                        .append(p.duration() ? Durations.text(Math.round(p.defaultValue() * 1e9)) : dev.nodescope.event.Evidence.format(p.defaultValue()))
                        .append("  ").append(p.doc()).append('\n');
            }
        }
        return sb.toString();
    }
}
