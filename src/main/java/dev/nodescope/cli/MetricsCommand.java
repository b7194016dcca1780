package dev.nodescope.cli;

import dev.nodescope.event.Attached;
import dev.nodescope.stream.EventSource;
import dev.nodescope.metrics.MetricsExporter;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope metrics}: a Prometheus exporter fed by the tracepoints (docs/metrics.md). */
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

    @Override
    public Integer call() throws Exception {
        EventSource source = target.source(decode ? 65_536 : 0);
        MetricsExporter.Builder builder = MetricsExporter.builder().listen(listen).decodePayloads(decode)
                .sourceStats(source).jvmMetrics(!noJvmMetrics).perPeer(perPeer).node(target.liveNode());
        // secrets come from files, never from arguments (visible in ps) nor logs
        if (basicAuthFile != null) {
            String[] userPassword = secret(basicAuthFile).split(":", 2);
            if (userPassword.length != 2) {
                throw new IllegalArgumentException("--basic-auth-file must hold user:password on one line");
            }
            builder.basicAuth(userPassword[0], userPassword[1]);
        }
        if (bearerTokenFile != null) {
            builder.bearerToken(secret(bearerTokenFile));
        }
        if (tlsKeyStore != null) {
            if (tlsPasswordFile == null) {
                throw new IllegalArgumentException("--tls-keystore needs --tls-keystore-password-file");
            }
            builder.tls(tlsKeyStore, secret(tlsPasswordFile).toCharArray());
        }
        try (MetricsExporter exporter = builder.build()) {
            try {
                exporter.start();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot listen on " + listen + ": " + e.getMessage()
                        + " (choose another --listen address or port)");
            }
            boolean open = basicAuthFile != null || bearerTokenFile != null;
            if (!InetAddress.getByName(exporter.host()).isLoopbackAddress() && !open) {
                System.err.println("nodescope: warning: serving metrics beyond this host without authentication"
                        + " (--basic-auth-file or --bearer-token-file)");
            }
            EventStream stream = StatusLines.register(exporter.attach(EventStream.open(source)), target);
            // said once there is something to serve: an attach that fails prints its error alone
            Runnable serving = new Runnable() {
                private boolean said;

                @Override
                public void run() {
                    if (!said) {
                        said = true;
                        System.err.println("nodescope: serving metrics at " + exporter.metricsUri());
                    }
                }
            };
            if (target.replaying()) {
                serving.run();
            } else {
                stream.onEvent(Attached.class, a -> serving.run());
            }
            StreamRunner.run(stream, null, () -> Summary.printLosses(source.stats(), System.err));
            if (target.replaying()) {
                // a replay ends, Prometheus keeps scraping: the final values stay up until we are stopped
                System.err.println("nodescope: replay finished; serving the final values at " + exporter.metricsUri()
                        + " until stopped (Ctrl-C)");
                new java.util.concurrent.CountDownLatch(1).await();
            }
        }
        return 0;
    }

    private static String secret(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
