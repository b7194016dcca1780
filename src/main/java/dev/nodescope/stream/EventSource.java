package dev.nodescope.stream;

/**
 * A producer of events: the live extractor, later archives and the network. {@link #run} delivers
 * into the sink on the calling thread until the source is exhausted or {@link #stop()} is called.
 */
public interface EventSource extends AutoCloseable {
    void run(EventSink sink) throws Exception;

    /** Asks {@link #run} to deliver what it already has and return. Safe from any thread. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
