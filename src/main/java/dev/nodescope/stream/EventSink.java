package dev.nodescope.stream;

import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;

/** Where a source delivers events. Called from the source's thread only. */
public interface EventSink {
    /**
     * Whether anyone listens to this tracepoint's events; a source may skip building the event
     * objects (it still counts them) when nobody does.
     */
    boolean wants(Tracepoint tracepoint);

    /**
     * Whether a live source should attach to this tracepoint at all. Only what is attached costs
     * the node anything (a raised semaphore makes bitcoind evaluate the arguments, a BPF program
     * runs per hit), so a source attaches only what someone handles, or counts
     * ({@link EventStream#countUnhandled()}).
     */
    default boolean attaches(Tracepoint tracepoint) {
        return wants(tracepoint);
    }

    void accept(Event event);

    /** The source has delivered everything it has for now (a good moment to flush output). */
    void flush();
}
