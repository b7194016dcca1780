package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.node.NodeState;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.watch.WatchEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The dashboard served in-process over a source, as {@code nodescope web} serves it (same
 * Dashboard, WebTool and ToolRunner), on a free loopback port with a known token; closing it
 * stops it as a signal would.
 */
public final class DashboardHarness implements AutoCloseable {
    public static final String TOKEN_VALUE = "test-token-0123456789abcdef";

    private final WebTool web;
    private final Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Dashboard dashboard;
    private final AddrmanPoller addrman;

    private DashboardHarness(EventSource source, WatchEngine engine, UnaryOperator<String> addresses, Duration updateEvery,
                             boolean attachAll, RpcClient rpc, Duration rpcEvery) throws Exception {
        dashboard = Dashboard.builder(source, new NodeState(), addresses).watch(engine).rpc(rpc, rpcEvery).build();
        addrman = dashboard.pollAddrman(new PrintStream(err, true, StandardCharsets.UTF_8)); // as web --rpc does
        AccessToken token = AccessToken.fromFile(tokenFile());
        web = dashboard.webTool(new WebTool.Settings("127.0.0.1", 0, token, null, null, updateEvery, true, attachAll),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        runner = Thread.ofPlatform().name("dashboard-harness").start(() -> {
            try {
                ToolRunner.run(source, dashboard.tool(web), null);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(web.awaitServing(Duration.ofSeconds(30))).as("dashboard serving; stderr: %s", err).isTrue();
    }

    /** The dashboard over a replay of {@code archive} at full speed; returns once every event is folded. */
    public static DashboardHarness replaying(Path archive, WatchEngine engine) throws Exception {
        return replaying(archive, engine, null, null);
    }

    /** The same, with addrman snapshots over {@code rpc} every {@code rpcEvery} (web --rpc). */
    public static DashboardHarness replaying(Path archive, WatchEngine engine, RpcClient rpc, Duration rpcEvery) throws Exception {
        DashboardHarness h = new DashboardHarness(ArchiveSource.builder().path(archive).build(), engine, UnaryOperator.identity(),
                Duration.ofMillis(200), false, rpc, rpcEvery);
        assertThat(h.web.awaitSourceEnd(Duration.ofSeconds(60))).as("replay played out").isTrue();
        return h;
    }

    /**
     * The dashboard over any source (live ones included), updating every {@code updateEvery};
     * {@code attachAll}: attach every tracepoint (the stand-in node waits for all of them).
     */
    public static DashboardHarness over(EventSource source, WatchEngine engine, UnaryOperator<String> addresses, Duration updateEvery,
                                        boolean attachAll) throws Exception {
        return new DashboardHarness(source, engine, addresses, updateEvery, attachAll, null, null);
    }

    private static Path tokenFile() throws java.io.IOException {
        Path f = java.nio.file.Files.createTempFile("nodescope-token", ".txt");
        java.nio.file.Files.writeString(f, TOKEN_VALUE);
        f.toFile().deleteOnExit();
        return f;
    }

    public String base() {
        return "http://127.0.0.1:" + web.port();
    }

    /** The page address a person opens: with the token, which the server swaps for a cookie. */
    public String entryUrl() {
        return base() + "/?token=" + TOKEN_VALUE;
    }

    public WebTool web() {
        return web;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** GET with the bearer token: status and body. */
    public HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + TOKEN_VALUE).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    public String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (addrman != null) {
            addrman.close();
        }
        web.stop();
        runner.join(Duration.ofSeconds(30));
        assertThat(runner.isAlive()).as("dashboard stopped").isFalse();
        if (failure.get() != null) {
            throw new AssertionError("the dashboard failed", failure.get());
        }
    }
}
