package dev.nodescope.traffic;

import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code traffic report}'s summaries of archives through the API, as the command makes them (without starting a JVM). */
final class Tallies {
    static final long BLOCK_NANOS = 30_000_000_000L;

    private Tallies() {
    }

    /** One summary per node selection (null: all nodes), over {@code [from, to]} (null: unbounded). */
    static List<TrafficSummary> read(Path archives, ArchiveSource.TimeBound from, ArchiveSource.TimeBound to, String... nodes)
            throws Exception {
        ArchiveSource.Builder b = ArchiveSource.builder().path(archives).events(Tracepoint.select(TrafficTool.TRACEPOINTS));
        if (from != null) {
            b.from(from);
        }
        if (to != null) {
            b.to(to);
        }
        ArchiveSource source = b.build();
        List<TrafficTool.Selection> selections = new ArrayList<>();
        for (String n : nodes.length == 0 ? new String[] {null} : nodes) {
            selections.add(new TrafficTool.Selection(n));
        }
        List<TrafficSummary> out = new ArrayList<>();
        TrafficTool tool = new TrafficTool(archives.toString(), TrafficTool.Bounds.of(source), selections,
                new TrafficTool.Settings(BLOCK_NANOS, 4096, 1000, 10), StatusLines.live(), System.err, out::addAll);
        int exit = ToolRunner.run(source, tool, null);
        if (exit != 0) {
            throw new AssertionError("traffic tally exited " + exit);
        }
        return out;
    }

    static TrafficSummary read(Path archives) throws Exception {
        return read(archives, null, null).getFirst();
    }
}
