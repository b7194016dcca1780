package dev.nodescope.web;

import dev.nodescope.tool.WallClock;
import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.node.NodeState;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.Tool;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.Watching;
import dev.nodescope.web.view.AddrmanView;
import dev.nodescope.web.view.AlertsView;
import dev.nodescope.web.view.ChainView;
import dev.nodescope.web.view.FleetView;
import dev.nodescope.web.view.HealthView;
import dev.nodescope.web.view.PeerView;
import dev.nodescope.web.view.PeersView;
import dev.nodescope.web.view.TrafficView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The dashboard's pages put together: which views exist over which source, sharing one node
 * state and clock, with {@code watch}'s engine in front when it runs. {@code web} and
 * {@code demo --web} build it the same way.
 */
public final class Dashboard {
    private final WebContext context;
    private final WatchEngine engine;
    private final List<WebView> views;
    private final AtomicReference<WebHub> hub;
    private final AddrmanView addrman;
    private final RpcClient rpc;
    private final Duration rpcEvery;

    private Dashboard(WebContext context, WatchEngine engine, List<WebView> views, AtomicReference<WebHub> hub, AddrmanView addrman,
                      RpcClient rpc, Duration rpcEvery) {
        this.context = context;
        this.engine = engine;
        this.views = views;
        this.hub = hub;
        this.addrman = addrman;
        this.rpc = rpc;
        this.rpcEvery = rpcEvery;
    }

    public static Builder builder(EventSource source, NodeState state, UnaryOperator<String> addresses) {
        return new Builder(source, state, addresses);
    }

    public List<WebView> views() {
        return views;
    }

    public WebContext context() {
        return context;
    }

    /** The web tool serving these views. */
    public WebTool webTool(WebTool.Settings settings, PrintStream err) {
        WebTool tool = new WebTool(context.state(), views, settings, err);
        hub.set(tool.hub());
        return tool;
    }

    /**
     * Starts taking addrman snapshots for the addrman page when {@link Builder#rpc} was given (the
     * first before it returns, so a wrong port or credential stops the command at once); null
     * otherwise. Closing it stops them and closes the RPC client.
     */
    public AddrmanPoller pollAddrman(PrintStream err) {
        return rpc == null ? null : AddrmanPoller.start(rpc, rpcEvery, err, addrman::add, addrman::failed);
    }

    /** What the runner runs: the web tool, behind the watchdog when it runs (so alerts reach the views after their event). */
    public Tool tool(WebTool web) {
        return engine == null ? web : new Watching(engine, web);
    }

    public static final class Builder {
        private final EventSource source;
        private final NodeState state;
        private final UnaryOperator<String> addresses;
        private WatchEngine engine;
        private RpcClient rpc;
        private Duration rpcEvery;

        private Builder(EventSource source, NodeState state, UnaryOperator<String> addresses) {
            this.source = source;
            this.state = state;
            this.addresses = addresses;
        }

        /** Show the alerts of this engine (null: no watchdog). */
        public Builder watch(WatchEngine engine) {
            this.engine = engine;
            return this;
        }

        /** The addrman page's snapshots: one over {@code rpc} every {@code every} (null rpc: the page says how to have them). */
        public Builder rpc(RpcClient rpc, Duration every) {
            this.rpc = rpc;
            this.rpcEvery = every;
            return this;
        }

        public Dashboard build() {
            // a replay's "now" is its newest event, so ages and rates follow the recording
            LongSupplier clock = source instanceof Pacing
                    ? () -> state.lastEventNanos() >= 0 ? state.lastEventNanos() : WallClock.epochNanos()
                    : WallClock::epochNanos;
            WebContext context = new WebContext(state, source, clock, addresses);
            AtomicReference<WebHub> hub = new AtomicReference<>();
            List<WebView> views = new ArrayList<>();
            AlertsView alerts = new AlertsView(context, engine != null);
            views.add(new PeersView(context, alerts));
            views.add(new PeerView(context));
            views.add(new TrafficView(context));
            views.add(new ChainView(context));
            views.add(alerts);
            AddrmanView addrman = new AddrmanView(context, Grouping.withoutAsmap(), rpc == null ? null : rpcEvery);
            views.add(addrman);
            views.add(new FleetView(context));
            views.add(new HealthView(context, hub::get));
            return new Dashboard(context, engine, List.copyOf(views), hub, addrman, rpc, rpcEvery);
        }
    }
}
