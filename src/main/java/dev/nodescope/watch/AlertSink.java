package dev.nodescope.watch;

/**
 * Where alerts go besides the stream: standard output, Prometheus, Alertmanager, a webhook, a
 * report. {@link #onAlert} runs on the stream's thread and must not block: a sink that sends over
 * the network queues (bounded) and counts what it had to drop. {@link #close} runs once at the end.
 */
public interface AlertSink extends AlertListener, AutoCloseable {
    /** A line for the end-of-run summary (what was sent, dropped, retried), or null. */
    default String summary() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}
