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
 * <p>Handlers run on the source's thread, in delivery order. When a handler (or a flush action,
 * or the source itself) throws, the stream fails: that event is not handed to anyone after it,
 * no later event is delivered, the source is stopped, the {@link #onError} actions run, then the
 * {@link #onClose} actions, and {@link #start()} / {@link #awaitTermination} rethrow the failure.
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

        boolean matches(Tracepoint tp) {
            return (type == null || type.isAssignableFrom(tp.eventType())) && (name == null || name.matcher(tp.fullName()).matches());
        }
    }

    /** Handlers per tracepoint id (null: none) and for nodescope's own events, fixed at start so dispatch is an array lookup. */
    private record Dispatch(Handler[][] byTracepoint, Handler[] toolHandlers, boolean countUnhandled) {
    }

    private final EventSource source;
    // registration state: guarded by this, frozen once started
    private final List<Handler> handlers = new ArrayList<>();
    private final List<Runnable> flushActions = new ArrayList<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final List<Consumer<Throwable>> errorActions = new ArrayList<>();
    private boolean started;
    private boolean countUnhandled;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The sink of the started stream (null before start). */
    private volatile Sink sink;

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
    public synchronized EventStream countUnhandled() {
        checkNotStarted();
        countUnhandled = true;
        return this;
    }

    /** Runs after each burst of events: where buffered output gets flushed. */
    public synchronized EventStream onFlush(Runnable action) {
        checkNotStarted();
        flushActions.add(action);
        return this;
    }

    /** Runs once, after the last event (also after a failure, after the {@link #onError} actions). */
    public synchronized EventStream onClose(Runnable action) {
        checkNotStarted();
        closeActions.add(action);
        return this;
    }

    /**
     * Runs once, on the stream's thread, when a handler, a flush action or the source throws: the
     * first failure only; later events are not delivered. The failure is still rethrown by
     * {@link #start()} and {@link #awaitTermination}.
     */
    public synchronized EventStream onError(Consumer<? super Throwable> action) {
        checkNotStarted();
        errorActions.add(action::accept);
        return this;
    }

    @SuppressWarnings("unchecked")
    private synchronized EventStream add(Class<? extends Event> type, Pattern name, Consumer<? super Event> action) {
        checkNotStarted();
        handlers.add(new Handler(type, name, (Consumer<Event>) action));
        return this;
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("handlers must be registered before start");
        }
    }

    /** Tracepoints that have at least one handler (so far, when called before start). */
    public synchronized Set<Tracepoint> wantedTracepoints() {
        Set<Tracepoint> wanted = EnumSet.noneOf(Tracepoint.class);
        for (Tracepoint tp : Tracepoint.values()) {
            if (handlers.stream().anyMatch(h -> h.matches(tp))) {
                wanted.add(tp);
            }
        }
        return wanted;
    }

    /**
     * Marks the stream started and fixes its handlers, atomically with respect to registration:
     * a second start fails here, on the caller's thread, and a handler added concurrently is
     * either in the dispatch tables or rejected, never lost.
     */
    private synchronized Dispatch claim() {
        checkNotStarted();
        started = true;
        Handler[][] byTracepoint = new Handler[Tracepoint.count()][];
        for (Tracepoint tp : Tracepoint.values()) {
            Handler[] matching = handlers.stream().filter(h -> h.matches(tp)).toArray(Handler[]::new);
            byTracepoint[tp.id()] = matching.length == 0 ? null : matching;
        }
        Handler[] toolHandlers = handlers.stream().filter(h -> h.type == null || !TracepointEvent.class.isAssignableFrom(h.type))
                .toArray(Handler[]::new);
        return new Dispatch(byTracepoint, toolHandlers, countUnhandled);
    }

    /** Delivers events on the calling thread until the source ends or the stream is closed. */
    public void start() throws Exception {
        run(claim());
        rethrowFailure();
    }

    /** Delivers events on a new platform thread (the extractor blocks in native calls). */
    public void startAsync() {
        Dispatch dispatch = claim(); // on the caller's thread: two quick calls cannot start two threads
        Thread.ofPlatform().name("nodescope-stream").daemon(true).start(() -> run(dispatch));
    }

    private void run(Dispatch dispatch) {
        try {
            Sink s = new Sink(dispatch);
            sink = s;
            source.run(s);
        } catch (Throwable t) {
            fail(t);
        } finally {
            try {
                Throwable t = failure.get();
                if (t != null) {
                    for (Consumer<Throwable> action : errorActions) {
                        runQuietly(() -> action.accept(t), t);
                    }
                }
                for (Runnable action : closeActions) {
                    runQuietly(action, failure.get());
                }
            } finally {
                finished.countDown();
            }
        }
    }

    /** Runs an error or close action; its own failure is kept (as the failure, or suppressed by the first one). */
    private void runQuietly(Runnable action, Throwable first) {
        try {
            action.run();
        } catch (Throwable t) {
            if (first == null) {
                failure.compareAndSet(null, t);
            } else if (first != t) {
                first.addSuppressed(t);
            }
        }
    }

    /** Records the first failure and stops the source; returns whether it was the first. */
    private boolean fail(Throwable t) {
        boolean first = failure.compareAndSet(null, t);
        source.stop();
        return first;
    }

    /**
     * Whether the source handed over any event, wanted by a handler or not: for a live source,
     * whether it attached; for an archive, whether it held anything. Exact once the stream ended
     * ({@link #start()} returned, {@link #awaitTermination} said so); from other threads before
     * that, it may lag.
     */
    public boolean delivered() {
        Sink s = sink;
        return s != null && s.delivered;
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

    /**
     * Hands an event derived on the stream's thread (an alert of {@code watch}) to the handlers
     * of its type, as if the source had delivered it: after the handlers of the event being
     * delivered now, before the next one (from a flush action: at once). So {@code log} shows
     * it after the event that raised it and {@code record} keeps it in order. Only from the
     * stream's thread: a handler or a flush action.
     */
    public void emit(Event event) {
        Sink s = sink;
        if (s == null) {
            throw new IllegalStateException("emit is for handlers of a started stream");
        }
        s.emit(event);
    }

    /** Stops the source; events it already had are still delivered before {@link #start()} returns. */
    @Override
    public void close() {
        source.stop();
    }

    private final class Sink implements EventSink {
        private final Handler[][] byTracepoint;
        private final Handler[] toolHandlers;
        private final boolean countUnhandled;
        /** Set on the first failure: nothing is delivered after it (stream thread only). */
        private boolean failed;
        /** Set by the first event (stream thread; read by others once the stream ended). */
        private boolean delivered;
        /** Whether an event's handlers are running (stream thread): emitted events wait for them. */
        private boolean dispatching;
        /** Events emitted by handlers of the event being delivered (stream thread). */
        private final java.util.ArrayDeque<Event> emitted = new java.util.ArrayDeque<>();

        Sink(Dispatch dispatch) {
            this.byTracepoint = dispatch.byTracepoint;
            this.toolHandlers = dispatch.toolHandlers;
            this.countUnhandled = dispatch.countUnhandled;
        }

        @Override
        public boolean wants(Tracepoint tracepoint) {
            return !failed && byTracepoint[tracepoint.id()] != null;
        }

        @Override
        public boolean attaches(Tracepoint tracepoint) {
            return countUnhandled || byTracepoint[tracepoint.id()] != null;
        }

        /**
         * Never throws: a failing handler is recorded and the source asked to stop, so the source
         * still finishes its own bookkeeping (a ring buffer's consumer position, its counters)
         * instead of being unwound half-way through a record and handing it out again.
         */
        @Override
        public void accept(Event event) {
            // a plain store every time: a branch taken only by a stream's first event would make the
            // JIT recompile this for it (a rehearsed stream's first event: tool/Rehearsal)
            delivered = true;
            if (failed) {
                return;
            }
            dispatching = true;
            try {
                dispatch(event);
                Event next;
                while (!failed && (next = emitted.poll()) != null) {
                    dispatch(next);
                }
            } finally {
                dispatching = false;
                emitted.clear();
            }
        }

        void emit(Event event) {
            if (failed) {
                return;
            }
            if (dispatching) {
                emitted.add(event);
            } else {
                accept(event);
            }
        }

        private void dispatch(Event event) {
            Handler[] targets = event instanceof TracepointEvent tp ? byTracepoint[tp.tracepoint().id()] : toolHandlers;
            if (targets == null) {
                return;
            }
            for (Handler h : targets) {
                if (targets != toolHandlers || h.matches(event)) {
                    try {
                        h.action.accept(event);
                    } catch (Throwable t) {
                        failed = true;
                        fail(t);
                        return;
                    }
                }
            }
        }

        @Override
        public void flush() {
            if (failed) {
                return;
            }
            for (Runnable action : flushActions) {
                try {
                    action.run();
                } catch (Throwable t) {
                    failed = true;
                    fail(t);
                    return;
                }
            }
        }
    }
}
