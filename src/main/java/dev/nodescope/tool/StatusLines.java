package dev.nodescope.tool;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Detached;
import dev.nodescope.stream.EventStream;

/** For tools whose standard output is not the events: attach and detach as lines on stderr. */
public final class StatusLines {
    private StatusLines() {
    }

    public static EventStream register(EventStream stream) {
        stream.onEvent(Attached.class, a -> System.err.println("nodescope: attached to " + a.binary()
                + (a.pid() > 0 ? " (pid " + a.pid() + ")" : "") + ", " + a.tracepoints().size() + " tracepoints"
                + (a.missing().isEmpty() ? "" : ", missing: " + String.join(" ", a.missing()))));
        stream.onEvent(Detached.class, d -> System.err.println("nodescope: detached: " + d.reason()));
        return stream;
    }
}
