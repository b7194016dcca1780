package dev.nodescope.web;

import dev.nodescope.PlayedEvents;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fixture's busy-node scenario (seed 1) as a recording: the events the stand-in node would
 * make nodescope see for its first {@link #LINES} play lines (PlayedEvents: the same lines,
 * without the fixture), payloads whole. The dashboard's tests replay it and check each page
 * against {@link #events()}, counted here independently of the views.
 */
public final class BusyNodeArchive {
    /** Play lines: about a minute and a half of the busy node, with peers coming and going. */
    public static final int LINES = 4000;
    public static final String NODE = "busy";
    public static final long START_EPOCH_NANOS = 1_764_662_400_000_000_000L; // 2025-12-02T08:00:00Z

    private final Path dir;
    private final List<Event> events;

    private BusyNodeArchive(Path dir, List<Event> events) {
        this.dir = dir;
        this.events = events;
    }

    /** The scenario's events, recorded into {@code dir}. */
    public static BusyNodeArchive write(Path dir) throws IOException {
        return write(dir, NODE, 1, LINES);
    }

    /** The scenario of {@code seed} as node {@code node} (a fleet's nodes: several seeds), its first {@code lines} lines. */
    public static BusyNodeArchive write(Path dir, String node, long seed, int lines) throws IOException {
        List<String> played = new BusyNodeScenario(seed, START_EPOCH_NANOS / 1_000_000).lines(lines);
        List<Event> events = new PlayedEvents(node, 4242, START_EPOCH_NANOS).play(played);
        record(dir, node, events);
        return new BusyNodeArchive(dir, events);
    }

    /** Records {@code events} of {@code node} (pid 4242) into {@code dir}, payloads whole: what the dashboard's tests replay. */
    public static void record(Path dir, String node, List<Event> events) throws IOException {
        try (Recorder r = Recorder.builder().directory(dir)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", node, "pid 4242", List.of(), "full", false, "", "", 1))
                .build()) {
            for (Event e : events) {
                r.accept(e);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Every event recorded, in order. */
    public List<Event> events() {
        return events;
    }
}
