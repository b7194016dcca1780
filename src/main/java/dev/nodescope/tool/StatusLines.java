package dev.nodescope.tool;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Detached;
import dev.nodescope.stream.EventStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * For tools whose standard output is not the events: attach and detach as lines on stderr.
 * In a replay these events are history (the process is long gone), so they are told as what
 * the recording holds.
 */
public final class StatusLines {
    private final String archives;
    private final PrintStream err;

    private StatusLines(String archives, PrintStream err) {
        this.archives = archives;
        this.err = err;
    }

    /** For a live source. */
    public static StatusLines live() {
        return new StatusLines(null, System.err);
    }

    /** For a live source, telling nothing: a tool's rehearsal (tool/Rehearsal). */
    public static StatusLines silent() {
        return new StatusLines(null, StandardOutput.nowherePrinting());
    }

    /** For the replay of {@code archives}; a live source when null. */
    public static StatusLines of(List<Path> archives) {
        return archives == null ? live()
                : new StatusLines(archives.stream().map(Path::toString).collect(Collectors.joining(", ")), System.err);
    }

    public boolean replaying() {
        return archives != null;
    }

    public EventStream register(EventStream stream) {
        if (archives != null) {
            stream.onEvent(Attached.class, a -> err.println("nodescope: replaying " + archives + ", recorded from "
                    + describe(a)));
            stream.onEvent(Detached.class, d -> err.println("nodescope: replaying " + archives
                    + ": the recording's tracing stopped: " + d.reason()));
            return stream;
        }
        stream.onEvent(Attached.class, a -> err.println("nodescope: attached to " + describe(a)));
        stream.onEvent(Detached.class, d -> err.println("nodescope: detached: " + d.reason()));
        return stream;
    }

    private static String describe(Attached a) {
        return a.binary() + (a.pid() > 0 ? " (pid " + a.pid() + ")" : "") + ", " + a.tracepoints().size() + " tracepoints"
                + (a.bitcoindVersion().isEmpty() ? "" : ", Bitcoin Core " + a.bitcoindVersion())
                + (a.missing().isEmpty() ? "" : ", missing: " + String.join(" ", a.missing()));
    }
}
