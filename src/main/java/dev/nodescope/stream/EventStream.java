package dev.nodescope.stream;

import dev.nodescope.event.Event;
import dev.nodescope.event.Glob;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The one way tools consume events, whatever the source (modelled on JDK Flight Recorder's
 * {@code EventStream}): register handlers, then {@link #start()} (blocking) or
 * {@link #startAsync()}; {@link #close()} stops the source after it delivered what it had.
 *
 * <p>Handlers run on the source's thread, in delivery order. A handler that throws stops the
 * stream and the exception is rethrown by {@link #start()} / {@link #awaitTermination}.
 *
 * <pre>{@code
 * try (EventStream stream = EventStream.open(LiveSource.builder().pid(1234).build())) {
 *     stream.onEvent(BlockConnected.class, b -> System.out.println(b.height()));
 *     stream.start();
 * }
 * }</pre>
 */
public final class EventStream implements AutoCloseable {
    private record Handler(Class<? extends Event> type, Pattern name, Consumer<Event> action) {
        boolean matches(Event e) {
            return (type == null || type.isInstance(e)) && (name == null || name.matcher(e.name()).matches());
        }
    }

    private final EventSource source;
    private final List<Handler> handlers = new ArrayList<>();
    private final List<Runnable> flushActions = new ArrayList<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean started;
    private boolean countUnhandled;
    /** Handlers per tracepoint id (null: none), resolved at start so dispatch is an array lookup. */
    private Handler[][] byTracepoint;
    private Handler[] toolHandlers;

    private EventStream(EventSource source) {
        this.source = source;
    }

    public static EventStream open(EventSource source) {
        return new EventStream(source);
    }

    /** Every event. */
    public EventStream onEvent(Consumer<? super Event> action) {
        return add(null, null, action);
    }

    /** Events of one type or family, e.g. {@code BlockConnected.class} or {@code MessageEvent.class}. */
    @SuppressWarnings("unchecked")
    public <E extends Event> EventStream onEvent(Class<E> type, Consumer<? super E> action) {
        return add(type, null, e -> action.accept((E) e));
    }

    /** Events whose name matches a glob, e.g. {@code net:*} or {@code mempool:added}. */
    public EventStream onEvent(String nameGlob, Consumer<? super Event> action) {
        return add(null, Glob.compile(nameGlob), action);
    }

    /**
     * Asks the source to attach every tracepoint it selected, handled or not. Without this a
     * live source attaches only the tracepoints some handler takes; with it, the unhandled ones
     * are attached and counted in {@link EventSource#stats()} but no event is built for them
     * (what {@code nodescope count} and the overhead benchmark's count runs measure).
     */
    public EventStream countUnhandled() {
        checkNotStarted();
        countUnhandled = true;
        return this;
    }

    /** Runs after each burst of events: where buffered output gets flushed. */
    public EventStream onFlush(Runnable action) {
        checkNotStarted();
        flushActions.add(action);
        return this;
    }

    /** Runs once, after the last event. */
    public EventStream onClose(Runnable action) {
        checkNotStarted();
        closeActions.add(action);
        return this;
    }

    @SuppressWarnings("unchecked")
    private EventStream add(Class<? extends Event> type, Pattern name, Consumer<? super Event> action) {
        checkNotStarted();
        handlers.add(new Handler(type, name, (Consumer<Event>) action));
        return this;
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("handlers must be registered before start");
        }
    }

    /** Tracepoints that have at least one handler. */
    public Set<Tracepoint> wantedTracepoints() {
        resolve();
        Set<Tracepoint> wanted = EnumSet.noneOf(Tracepoint.class);
        for (Tracepoint tp : Tracepoint.values()) {
            if (byTracepoint[tp.id()] != null) {
                wanted.add(tp);
            }
        }
        return wanted;
    }

    private void resolve() {
        if (byTracepoint != null) {
            return;
        }
        byTracepoint = new Handler[Tracepoint.count()][];
        for (Tracepoint tp : Tracepoint.values()) {
            List<Handler> matching = new ArrayList<>();
            for (Handler h : handlers) {
                boolean typeMatches = h.type == null || h.type.isAssignableFrom(tp.eventType());
                if (typeMatches && (h.name == null || h.name.matcher(tp.fullName()).matches())) {
                    matching.add(h);
                }
            }
            byTracepoint[tp.id()] = matching.isEmpty() ? null : matching.toArray(Handler[]::new);
        }
        toolHandlers = handlers.stream().filter(h -> h.type == null || !TracepointEvent.class.isAssignableFrom(h.type))
                .toArray(Handler[]::new);
    }

    /** Delivers events on the calling thread until the source ends or the stream is closed. */
    public void start() throws Exception {
        checkNotStarted();
        started = true;
        resolve();
        try {
            source.run(new Sink());
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            try {
                closeActions.forEach(Runnable::run);
            } finally {
                finished.countDown();
            }
        }
        rethrowFailure();
    }

    /** Delivers events on a new platform thread (the extractor blocks in native calls). */
    public void startAsync() {
        checkNotStarted();
        Thread thread = Thread.ofPlatform().name("nodescope-stream").daemon(true).unstarted(() -> {
            try {
                start();
            } catch (Throwable ignored) {
                // kept in failure, rethrown by awaitTermination
            }
        });
        thread.start();
    }

    /** Waits for the stream to end; rethrows what stopped it, if anything. */
    public boolean awaitTermination(Duration timeout) throws Exception {
        boolean done = finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (done) {
            rethrowFailure();
        }
        return done;
    }

    private void rethrowFailure() throws Exception {
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Stops the source; events it already had are still delivered before {@link #start()} returns. */
    @Override
    public void close() {
        source.stop();
    }

    private final class Sink implements EventSink {
        @Override
        public boolean wants(Tracepoint tracepoint) {
            return byTracepoint[tracepoint.id()] != null;
        }

        @Override
        public boolean attaches(Tracepoint tracepoint) {
            return countUnhandled || wants(tracepoint);
        }

        @Override
        public void accept(Event event) {
            Handler[] targets = event instanceof TracepointEvent tp ? byTracepoint[tp.tracepoint().id()] : toolHandlers;
            if (targets == null) {
                return;
            }
            for (Handler h : targets) {
                if (targets != toolHandlers || h.matches(event)) {
                    try {
                        h.action.accept(event);
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                        source.stop();
                        throw e;
                    }
                }
            }
        }

        @Override
        public void flush() {
            flushActions.forEach(Runnable::run);
        }
    }
}
