package dev.nodescope.metrics;

import dev.nodescope.error.UserException;
import dev.nodescope.event.Attached;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StandardOutput;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * {@code metrics}: a Prometheus exporter fed by the stream. Serves from before the attach until
 * stopped; after a replay (which ends while Prometheus keeps scraping) it keeps serving the final
 * values until a signal.
 */
public final class MetricsTool implements Tool {
    private final MetricsExporter exporter;
    private final StatusLines status;
    private final PrintStream err;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean announced;

    private MetricsTool(MetricsExporter exporter, StatusLines status, PrintStream err) {
        this.exporter = exporter;
        this.status = status;
        this.err = err;
    }

    /**
     * Starts serving {@code exporter} ({@code listen}: the address asked for, for the message when
     * it is taken); {@code authenticated}: whether scrapers must authenticate (else a warning when
     * serving beyond this host). A replay is served on after it ended, until stopped.
     */
    public static MetricsTool serve(MetricsExporter exporter, String listen, boolean authenticated, StatusLines status,
                                    PrintStream err) throws IOException {
        start(exporter, listen, authenticated, err);
        MetricsTool tool = new MetricsTool(exporter, status, err);
        if (status.replaying()) {
            tool.announce();
        }
        return tool;
    }

    /**
     * Binds {@code exporter}'s server: an address that is taken is one line naming it; serving
     * beyond this host without authentication gets a warning.
     */
    public static void start(MetricsExporter exporter, String listen, boolean authenticated, PrintStream err) throws IOException {
        try {
            exporter.start();
        } catch (IOException e) {
            throw new UserException("cannot listen on " + listen + ": " + e.getMessage() + " (choose another --listen address or port)", e);
        }
        if (!InetAddress.getByName(exporter.host()).isLoopbackAddress() && !authenticated) {
            err.println("nodescope: warning: serving metrics beyond this host without authentication"
                    + " (--basic-auth-file or --bearer-token-file)");
        }
    }

    @Override
    public void register(EventStream stream) {
        exporter.attach(status.register(stream));
        // said once there is something to serve: an attach that fails prints its error alone
        stream.onEvent(Attached.class, a -> announce());
    }

    /**
     * Says where metrics are served. Normally once the source attached (an attach that fails
     * prints its error alone); a source without an attach of its own (a fleet over NATS, whose
     * nodes attach elsewhere) is announced at once.
     */
    public void announce() {
        if (!announced) {
            announced = true;
            err.println("nodescope: serving metrics at " + exporter.metricsUri());
        }
    }

    /** The same metrics in a registry never served, telling nothing. */
    @Override
    public Tool understudy() {
        return new MetricsTool(exporter.understudy(), StatusLines.silent(), StandardOutput.nowherePrinting());
    }

    @Override
    public Outcome finish(StreamEnd end) throws InterruptedException {
        try {
            if (status.replaying() && !end.failed()) {
                err.println("nodescope: replay finished; serving the final values at " + exporter.metricsUri()
                        + " until stopped (Ctrl-C)");
                stopped.await();
            }
        } finally {
            exporter.close();
        }
        return Outcome.DONE;
    }

    @Override
    public void stop(EventStream stream) {
        stream.close();
        stopped.countDown();
    }
}
