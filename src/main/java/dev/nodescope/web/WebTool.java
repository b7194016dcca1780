package dev.nodescope.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code nodescope web}: the dashboard (docs/web.md). The stream folds events into the node state
 * and the views on its own thread; the server answers browsers on Jetty's; the hub sends updates
 * on its own. When the source ends (a replay played out, the node gone) the dashboard keeps its
 * last state until a signal, so a replay can be looked at once played.
 */
public final class WebTool implements Tool {
    /** Payload bytes kept per P2P message: enough to summarise almost every message on the peer page. */
    public static final int PAYLOAD_MAX = 65_536;

    private final NodeState state;
    private final List<WebView> views;
    private final Settings settings;
    private final PrintStream err;
    private final WebHub hub;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch served = new CountDownLatch(1);
    private final CountDownLatch sourceEnded = new CountDownLatch(1);
    private volatile EventStream stream;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile WebServer server;

    /**
     * Where and how to serve.
     *
     * @param keyStore     PKCS#12 key store for HTTPS, or null for HTTP
     * @param stayAfterEnd keep serving once the source ended, until a signal
     * @param attachAll    also attach the tracepoints no view needs (counted, not decoded): the demo's
     *                     stand-in node waits for all of them
     */
    public record Settings(String host, int port, AccessToken token, Path keyStore, char[] keyStorePassword, Duration updateEvery,
                           boolean stayAfterEnd, boolean attachAll) {
    }

    public WebTool(NodeState state, List<WebView> views, Settings settings, PrintStream err) {
        this.state = state;
        this.views = views;
        this.settings = settings;
        this.err = err;
        this.hub = new WebHub(views, settings.updateEvery(), json());
    }

    /** How views' data becomes JSON: records by their components, nothing else configured. */
    public static ObjectMapper json() {
        return new ObjectMapper();
    }

    @Override
    public void register(EventStream stream) {
        this.stream = stream;
        if (settings.attachAll()) {
            stream.countUnhandled();
        }
        state.register(stream);
        for (WebView v : views) {
            v.register(stream);
        }
    }

    @Override
    public void drive(EventStream stream) throws Exception {
        server = WebServer.start(hub, settings.token(), settings.host(), settings.port(), settings.keyStore(),
                settings.keyStorePassword(), json());
        hub.start();
        err.println("nodescope web: the dashboard is at " + server.url(settings.host())
                + (settings.token().generated() ? "" : " (the token is the one in --token-file)"));
        err.flush();
        served.countDown();
        try {
            stream.start();
        } finally {
            sourceEnded.countDown();
        }
        if (settings.stayAfterEnd() && !stopRequested.get()) {
            err.println("nodescope web: the source ended; the dashboard shows its last state until Ctrl-C");
            stopped.await();
        }
    }

    /** The port served (after {@link #drive} started the server): tests ask for port 0. */
    public int port() {
        WebServer s = server;
        return s == null ? -1 : s.port();
    }

    /** Waits until the server answers (tests, embedding); false on timeout. */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        return served.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the source ended and every event was folded (a replay played out); false on timeout. */
    public boolean awaitSourceEnd(Duration timeout) throws InterruptedException {
        return sourceEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops serving (what a signal does). */
    public void stop() {
        EventStream s = stream;
        if (s != null) {
            stop(s);
        } else {
            stopRequested.set(true);
            stopped.countDown();
        }
    }

    public WebHub hub() {
        return hub;
    }

    @Override
    public void stop(EventStream stream) {
        stopRequested.set(true);
        stopped.countDown();
        stream.close();
    }

    @Override
    public Outcome finish(StreamEnd end) {
        hub.close();
        WebServer s = server;
        if (s != null) {
            s.close();
        }
        return Outcome.DONE;
    }
}
