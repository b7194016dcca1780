package dev.nodescope.watch;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.Attached;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Severity;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The watchdog: runs the enabled detectors over a stream, keeps the directory of connected peers
 * they share, drives their clock from event time, and turns what they see into
 * {@code nodescope:alert} events (emitted into the stream, so every other handler sees them) and
 * into calls of its {@link AlertListener}s (sinks, metrics, reports).
 *
 * <p>Time is the events' wall time ({@code epochNanos}): a replay at any speed gives the same
 * alerts. Detectors tick once per whole second of event time, before the first event after it. A
 * live stream also ticks when the node is quiet (at the source's idle flushes), one second behind
 * the clock so that events still in the ring are never overtaken; a replay ticks only as its events
 * go by, and an alert due in a silence is stamped with the instant it was due either way.
 */
public final class WatchEngine {
    static final long TICK_NANOS = 1_000_000_000L;
    /** The longest silence ticked through second by second; beyond it the clock jumps (nothing in between is due). */
    private static final long MAX_TICKS = 3600;

    private final List<Detector> detectors = new ArrayList<>();
    private final List<Detector> ticking = new ArrayList<>();
    private final Map<Class<?>, Detector[]> dispatch = new HashMap<>();
    private final PeerDirectory peers;
    private final Lifecycle lifecycle;
    private final List<AlertListener> listeners = new ArrayList<>();
    private final boolean live;
    /** Whether the detectors read P2P messages: then a peer silent for long is taken as gone. */
    private final boolean readsMessages;
    private final Map<Severity, Long> perSeverity = new EnumMap<>(Severity.class);
    private final Map<String, long[]> perAlert = new HashMap<>();
    private EventStream stream;
    /** Observations from other threads (RPC pollers), handed to the detectors on the stream's thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Object> observations = new java.util.concurrent.ConcurrentLinkedQueue<>();

    // the clock (stream thread)
    private long lastTick = Long.MIN_VALUE;
    private long now = Long.MIN_VALUE;
    private long monoOffset;
    private int lastPid;
    private long lastSeq;
    private long events;

    /**
     * @param settings every detector's settings; the enabled ones run
     * @param live     whether the source is a live node (ticks also when it is quiet)
     */
    public WatchEngine(List<Settings> settings, Silences silences, boolean live) {
        this.live = live;
        this.lifecycle = new Lifecycle(new Lifecycle.Emitter() {
            @Override
            public void emit(String alert, AlertState state, Severity severity, Subject subject, long at, String summary, Evidence evidence,
                             long started) {
                WatchEngine.this.emit(alert, state, severity, subject, at, summary, evidence, started);
            }

            @Override
            public void signal(String alert, Subject subject, long at, double signal, double threshold) {
                for (AlertListener l : listeners) {
                    l.onSignal(alert, subject, at, signal, threshold);
                }
            }
        }, silences);
        this.peers = new PeerDirectory(this::dropped);
        for (Settings s : settings) {
            if (s.enabled()) {
                Detector d = s.spec().factory().apply(new DetectorContext(s, new Alerts(lifecycle, s), peers));
                detectors.add(d);
                if (overridesTick(d)) {
                    ticking.add(d);
                }
            }
        }
        for (Class<? extends Event> type : concreteTypes()) {
            Detector[] targets = detectors.stream().filter(d -> d.eventTypes().stream().anyMatch(t -> t.isAssignableFrom(type)))
                    .toArray(Detector[]::new);
            dispatch.put(type, targets);
        }
        this.readsMessages = dispatch.get(dev.nodescope.event.InboundMessage.class).length > 0
                || dispatch.get(dev.nodescope.event.OutboundMessage.class).length > 0;
    }

    public WatchEngine addListener(AlertListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Registers the engine's handlers: the event types its detectors read, and the connection events it keeps peers by. */
    public WatchEngine register(EventStream stream) {
        this.stream = stream;
        for (Class<? extends Event> type : eventTypes()) {
            stream.onEvent(type, this::accept);
        }
        if (live) {
            stream.onFlush(this::idle);
        }
        return this;
    }

    /** The event types this engine reads: those it registers for, and what benchmarks and tests that feed it directly pass on. */
    public Set<Class<? extends Event>> eventTypes() {
        Set<Class<? extends Event>> out = new LinkedHashSet<>();
        for (Class<? extends Event> type : concreteTypes()) {
            // what the detectors read, and what the peer directory is kept by
            if (dispatch.get(type).length > 0 || ConnectionOpened.class.isAssignableFrom(type) || ConnectionEnded.class.isAssignableFrom(type)
                    || type == Detached.class) {
                out.add(type);
            }
        }
        return out;
    }

    /**
     * Hands an observation made outside the stream (an addrman snapshot) to the detectors; from any
     * thread. They get it at the next event or tick, at that event time.
     */
    public void observe(Object observation) {
        observations.add(observation);
    }

    /** One event (stream thread). */
    public void accept(Event event) {
        EventMeta m = event.meta();
        long t = m.epochNanos();
        advance(t);
        if (!observations.isEmpty()) {
            deliverObservations(Math.max(t, now));
        }
        if (t < now) {
            t = now; // a tick already went past it (live, an event late out of the ring): it happened no later than that
        }
        now = t;
        monoOffset = m.epochNanos() - m.monoNs();
        lastPid = m.pid();
        lastSeq = m.seq();
        events++;
        switch (event) {
            case ConnectionOpened c -> peers.opened(c, t);
            case MessageEvent msg -> peers.seen(msg, t);
            default -> {
            }
        }
        Detector[] targets = dispatch.get(event.getClass());
        if (targets != null) {
            for (Detector d : targets) {
                d.onEvent(event, t);
            }
        }
        switch (event) {
            case ConnectionEnded c -> gone(peers.ended(c), t, c instanceof EvictedInboundConnection ? "peer evicted" : "peer disconnected");
            case Detached d -> {
                for (PeerInfo p : peers.clear(m.node())) {
                    gone(p, t, "nodescope detached (" + d.reason() + ")");
                }
            }
            default -> {
            }
        }
    }

    /** A quiet moment of a live source: tick up to one second ago on the kernel's clock. */
    private void idle() {
        if (now == Long.MIN_VALUE) {
            return;
        }
        long wall = System.nanoTime() + monoOffset; // System.nanoTime is CLOCK_MONOTONIC, the events' mono clock
        advance(wall - TICK_NANOS);
    }

    /** Runs the ticks of every whole second up to {@code t}. */
    void advance(long t) {
        if (lastTick == Long.MIN_VALUE) {
            lastTick = Math.floorDiv(t, TICK_NANOS) * TICK_NANOS;
            return;
        }
        if (t - lastTick > MAX_TICKS * TICK_NANOS) {
            for (int i = 0; i < MAX_TICKS; i++) {
                tick(lastTick += TICK_NANOS);
            }
            lastTick = Math.floorDiv(t, TICK_NANOS) * TICK_NANOS - TICK_NANOS;
        }
        while (lastTick + TICK_NANOS <= t) {
            tick(lastTick += TICK_NANOS);
        }
    }

    private void deliverObservations(long at) {
        Object o;
        while ((o = observations.poll()) != null) {
            for (Detector d : detectors) {
                d.onObservation(o, at);
            }
        }
    }

    private void tick(long at) {
        if (at > now) {
            now = at;
        }
        if (!observations.isEmpty()) {
            deliverObservations(at);
        }
        for (Detector d : ticking) {
            d.onTick(at);
        }
        if (readsMessages && Math.floorMod(at, 60 * TICK_NANOS) == 0) {
            for (PeerInfo p : peers.expireIdle(at)) {
                gone(p, at, "peer silent for " + Durations.text(PeerDirectory.IDLE_NANOS) + " (its end was not seen)");
            }
        }
        lifecycle.expire(at);
    }

    private void gone(PeerInfo p, long t, String why) {
        for (Detector d : detectors) {
            d.peerGone(p, t);
        }
        lifecycle.peerGone(p.node(), p.peerId(), t, why);
    }

    /** The directory dropped a peer to stay bounded: as if it had disconnected. */
    private void dropped(PeerInfo p) {
        gone(p, now, "peer no longer tracked");
    }

    private void emit(String alert, AlertState state, Severity severity, Subject subject, long at, String summary, Evidence evidence,
                      long started) {
        EventMeta meta = new EventMeta(subject.node(), lastPid, 0, "nodescope", at - monoOffset, at, lastSeq);
        Alert a = new Alert(meta, alert, state, severity, subject.key(), subject.peerId(), subject.addr(), summary,
                evidence == null ? Evidence.NONE : evidence, started);
        long[] counts = perAlert.computeIfAbsent(alert, k -> new long[AlertState.values().length]);
        counts[state.ordinal()]++;
        if (state == AlertState.FIRING) {
            perSeverity.merge(severity, 1L, Long::sum);
        }
        if (stream != null) {
            stream.emit(a);
        }
        for (AlertListener l : listeners) {
            l.onAlert(a);
        }
    }

    /** Events the engine read. */
    public long events() {
        return events;
    }

    /** Times each detector's alerts reached each state (indexed by {@link AlertState#ordinal()}). */
    public Map<String, long[]> counts() {
        return perAlert;
    }

    /** Open alerts now, as "alert state subject [addr]" lines, sorted. */
    public List<String> open() {
        return lifecycle.describeOpen();
    }

    /** Alerts not tracked because {@link Lifecycle#MAX_OPEN} were open. */
    public long untracked() {
        return lifecycle.untracked();
    }

    /** The peers it knows now (for tests). */
    public PeerDirectory peers() {
        return peers;
    }

    private static List<Class<? extends Event>> concreteTypes() {
        List<Class<? extends Event>> out = new ArrayList<>();
        for (Tracepoint tp : Tracepoint.values()) {
            out.add(tp.eventType());
        }
        out.add(Attached.class);
        out.add(Detached.class);
        out.add(Loss.class);
        return out;
    }

    private static boolean overridesTick(Detector d) {
        try {
            return d.getClass().getMethod("onTick", long.class).getDeclaringClass() != Detector.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
