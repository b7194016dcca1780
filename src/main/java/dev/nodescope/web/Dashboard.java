package dev.nodescope.web;

import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import dev.nodescope.tool.Tool;
import dev.nodescope.watch.WatchEngine;
import dev.nodescope.watch.Watching;
import dev.nodescope.web.view.HealthView;
import dev.nodescope.web.view.PeerView;
import dev.nodescope.web.view.PeersView;
import java.io.PrintStream;
import java.time.Instant;
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

    private Dashboard(WebContext context, WatchEngine engine, List<WebView> views, AtomicReference<WebHub> hub) {
        this.context = context;
        this.engine = engine;
        this.views = views;
        this.hub = hub;
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

    /** What the runner runs: the web tool, behind the watchdog when it runs (so alerts reach the views after their event). */
    public Tool tool(WebTool web) {
        return engine == null ? web : new Watching(engine, web);
    }

    public static final class Builder {
        private final EventSource source;
        private final NodeState state;
        private final UnaryOperator<String> addresses;
        private WatchEngine engine;

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

        public Dashboard build() {
            // a replay's "now" is its newest event, so ages and rates follow the recording
            LongSupplier clock = source instanceof Pacing
                    ? () -> state.lastEventNanos() >= 0 ? state.lastEventNanos() : wallClock()
                    : Dashboard::wallClock;
            WebContext context = new WebContext(state, source, clock, addresses);
            AtomicReference<WebHub> hub = new AtomicReference<>();
            List<WebView> views = new ArrayList<>();
            views.add(new PeersView(context, PeerAlerts.NONE));
            views.add(new PeerView(context));
            views.add(new HealthView(context, hub::get));
            return new Dashboard(context, engine, List.copyOf(views), hub);
        }
    }

    private static long wallClock() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
