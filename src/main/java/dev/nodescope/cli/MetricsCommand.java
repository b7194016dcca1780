package dev.nodescope.cli;

import dev.nodescope.addrman.AddrmanMetrics;
import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.error.UserException;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.metrics.MetricsTool;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
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

    @Option(names = "--basic-auth-file", paramLabel = "FILE", description = "File holding user:password for HTTP basic auth.")
    Path basicAuthFile;

    @Option(names = "--bearer-token-file", paramLabel = "FILE", description = "File holding a bearer token required to scrape.")
    Path bearerTokenFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE.p12", description = "Serve HTTPS with this PKCS#12 key store.")
    Path tlsKeyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File holding the key store's password.")
    Path tlsPasswordFile;

    @Option(names = "--no-jvm-metrics", description = "Leave out the JVM's own metrics (jvm_*, process_*).")
    boolean noJvmMetrics;

    @Option(names = "--rpc", description = "Also poll the node's RPC for addrman gauges (nodescope_addrman_*; docs/addrman.md).")
    boolean rpc;

    @Option(names = "--rpc-every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "With --rpc: time between addrman snapshots (default: ${DEFAULT-VALUE}).")
    Duration rpcEvery;

    @Mixin
    RpcOptions rpcOptions;

    @Override
    public Integer call() throws Exception {
        EventSource source = target.source(decode ? 65_536 : 0);
        MetricsExporter.Builder builder = MetricsExporter.builder().decodePayloads(decode)
                .sourceStats(source).jvmMetrics(!noJvmMetrics).perPeer(perPeer).node(target.liveNode());
        try {
            builder.listen(listen);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        // secrets come from files, never from arguments (visible in ps) nor logs
        if (basicAuthFile != null) {
            String[] userPassword = secret(basicAuthFile).split(":", 2);
            if (userPassword.length != 2) {
                throw new UserException("--basic-auth-file must hold user:password on one line");
            }
            builder.basicAuth(userPassword[0], userPassword[1]);
        }
        if (bearerTokenFile != null) {
            String token = secret(bearerTokenFile);
            if (token.isBlank()) {
                throw new UserException("--bearer-token-file " + bearerTokenFile + " is empty");
            }
            builder.bearerToken(token);
        }
        if (tlsKeyStore != null) {
            if (tlsPasswordFile == null) {
                throw new UserException("--tls-keystore needs --tls-keystore-password-file");
            }
            builder.tls(tlsKeyStore, secret(tlsPasswordFile).toCharArray());
        }
        boolean authenticated = basicAuthFile != null || bearerTokenFile != null;
        MetricsExporter exporter = builder.build();
        MetricsTool tool = MetricsTool.serve(exporter, listen, authenticated, StatusLines.of(target.replay), System.err);
        try (AddrmanPoller addrman = rpc ? AddrmanPoller.start(rpcOptions.client(), new AddrmanMetrics(exporter.registry()),
                Grouping.withoutAsmap(), rpcEvery, System.err) : null) {
            return ToolRunner.run(source, tool, null);
        }
    }

    private static String secret(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new UserException("cannot read " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
