package dev.nodescope.watch;

import dev.nodescope.event.Event;
import java.util.List;

/**
 * One detector of {@code nodescope watch}: a small class over the stream that keeps bounded state
 * and tells its {@link Alerts} when its condition holds for a subject and when it is clear. The
 * lifecycle (pending, firing, resolved, hysteresis, silences) is the engine's.
 *
 * <p>Time is event time ({@code meta().epochNanos()}), never the wall clock, so a replay at any
 * speed gives the same alerts as the live run. Everything runs on the stream's thread.
 */
public interface Detector {
    /** The event types it reads; only these are traced for it. */
    List<Class<? extends Event>> eventTypes();

    /** One event of a type it asked for; {@code now} is its time (epoch ns). */
    void onEvent(Event event, long now);

    /**
     * Once per second of event time (at whole seconds), for conditions that change with time alone:
     * windows that empty, baselines, timers. Called before the first event after that second.
     */
    default void onTick(long now) {
    }

    /**
     * Something learnt outside the event stream (an addrman snapshot over RPC, {@link AddrmanObservation}),
     * handed over on the stream's thread at the next event or tick; {@code now} is that event time.
     */
    default void onObservation(Object observation, long now) {
    }

    /** A peer of {@code node} disconnected (closed or evicted): drop what is kept about it. */
    default void peerGone(PeerInfo peer, long now) {
    }
}
