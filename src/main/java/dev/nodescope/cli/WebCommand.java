package dev.nodescope.cli;

import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.archive.IpRedactor;
import dev.nodescope.error.UserException;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.ListenAddress;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.web.AccessToken;
import dev.nodescope.web.Dashboard;
import dev.nodescope.web.WebTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope web}: the live dashboard in a browser (web/, docs/web.md). */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Serve a live dashboard of a bitcoind (peers, a peer's messages, traffic, blocks and mempool, alerts, addrman, health) to a browser (docs/web.md).")
final class WebCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9436", paramLabel = "HOST:PORT",
            description = "Where to serve (default: ${DEFAULT-VALUE}; loopback only unless told otherwise).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the access token (default: a random one, printed once in the URL at start).")
    Path tokenFile;

    @Mixin
    TlsOptions tls;

    @Option(names = "--update-every", paramLabel = "TIME", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often each browser is sent what changed (default: ${DEFAULT-VALUE}).")
    Duration updateEvery;

    @Option(names = "--redact-ips", description = "Show peers' addresses as pseudonyms (stable while the dashboard runs).")
    boolean redactIps;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Option(names = "--watch", description = "Run the watchdog too and show its alerts (docs/watch.md).")
    boolean watch;

    @Mixin
    WatchOptions watchOptions;

    @Option(names = "--rpc", description = "Also poll the node's RPC for the addrman page (docs/addrman.md).")
    boolean rpc;

    @Option(names = "--rpc-every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "With --rpc: time between addrman snapshots (default: ${DEFAULT-VALUE}).")
    Duration rpcEvery;

    @Mixin
    RpcOptions rpcOptions;

    /** {@code --listen} of the dashboard ({@code web}, {@code demo --web}): loopback when no host is given; one line when wrong. */
    static ListenAddress listenAddress(String listen) {
        try {
            return ListenAddress.parse(listen, "127.0.0.1");
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        ListenAddress address = listenAddress(listen);
        if (updateEvery.toMillis() < 50) {
            throw new UserException("--update-every must be at least 50ms");
        }
        if (rpc && rpcEvery.toMillis() < 1000) {
            throw new UserException("--rpc-every must be at least 1s (getrawaddrman is a heavy call for the node)");
        }
        AccessToken token = tokenFile == null ? AccessToken.random() : AccessToken.fromFile(tokenFile);
        boolean https = tls.given();
        WebTool.Settings settings = new WebTool.Settings(address.host(), address.port(), token, https ? tls.keyStore() : null,
                https ? tls.password() : null, updateEvery, true, false);
        EventSource source = target.source(WebTool.PAYLOAD_MAX);
        if (source instanceof Pacing pacing && target.replayOptions.speed == null) {
            pacing.speed(1); // a person watches a replay at the recorded pace unless told otherwise
        }
        UnaryOperator<String> addresses = redactIps ? IpRedactor.withRandomKey()::pseudonym : UnaryOperator.identity();
        Dashboard dashboard = Dashboard.builder(source, new NodeState(), addresses)
                .watch(watch ? watchOptions.engine(!target.replaying()) : null)
                .rpc(rpc ? rpcOptions.client() : null, rpcEvery)
                .build();
        try (AddrmanPoller addrman = dashboard.pollAddrman(System.err)) {
            return ToolRunner.run(source, dashboard.tool(dashboard.webTool(settings, System.err)), duration);
        }
    }
}
