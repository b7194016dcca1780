package dev.nodescope.monitor;

import dev.nodescope.event.Event;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.Pacing;
import java.util.ArrayList;
import java.util.List;

/** A source that delivers queued events on each run, with settable stats and a pace control to check the keys against. */
final class ScriptedSource implements EventSource, Pacing {
    private final List<Event> queued = new ArrayList<>();
    volatile SourceStats stats = SourceStats.empty();
    private volatile boolean paused;
    private volatile double speed = 1;

    ScriptedSource queue(Event... events) {
        queued.addAll(List.of(events));
        return this;
    }

    @Override
    public void run(EventSink sink) {
        for (Event e : queued) {
            if (!(e instanceof TracepointEvent tp) || sink.wants(tp.tracepoint())) {
                sink.accept(e);
            }
        }
        queued.clear();
        sink.flush();
    }

    @Override
    public SourceStats stats() {
        return stats;
    }

    @Override
    public void stop() {
    }

    @Override
    public void pause(boolean paused) {
        this.paused = paused;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public void speed(double factor) {
        speed = factor;
    }

    @Override
    public double speed() {
        return speed;
    }
}
