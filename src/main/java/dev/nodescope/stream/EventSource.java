package dev.nodescope.stream;

/**
 * A producer of events: the live extractor, archives, later the network. {@link #run} delivers
 * into the sink on the calling thread until the source is exhausted or {@link #stop()} is called.
 */
public interface EventSource extends AutoCloseable {
    void run(EventSink sink) throws Exception;

    /**
     * What the source saw and lost so far, per tracepoint (complete once {@link #run} has returned);
     * an archive reports what was recorded. Safe from any thread.
     */
    SourceStats stats();

    /** How full the kernel ring buffer is: only the live extractor has one. Safe from any thread. */
    default java.util.Optional<RingStats> ringStats() {
        return java.util.Optional.empty();
    }

    /**
     * Asks for a rehearsal before the first event. A source whose events may come in a burst from
     * the first second (the live extractor: a reindex fires millions of utxocache events at once)
     * hands {@code rehearsal} a source of synthetic events like its own once it is ready to attach,
     * and attaches when that returns: a tool's event path is then compiled by the JIT before the
     * burst rather than during it (issue 18). Other sources ignore it (the default). Call before
     * {@link #run}.
     */
    default void rehearseFirst(java.util.function.Consumer<EventSource> rehearsal) {
    }

    /** Asks {@link #run} to deliver what it already has and return. Safe from any thread. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
