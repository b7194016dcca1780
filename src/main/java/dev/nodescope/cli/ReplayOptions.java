package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveException;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.archive.ArchiveSource.TimeBound;
import dev.nodescope.event.Tracepoint;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How to read an archive: pace and time range. Shared by {@code replay} and every tool's {@code --replay}. */
final class ReplayOptions {
    @Option(names = "--speed", converter = SpeedConverter.class, paramLabel = "max|1x|10x",
            description = "Replay pace: max (default), 1x as recorded, 10x ten times faster.")
    Double speed;

    @Option(names = "--from", converter = TimeBoundConverter.class, paramLabel = "TIME",
            description = "Start at this UTC time (2026-11-29T12:00:00Z) or this long after the first event (5m).")
    TimeBound from;

    @Option(names = "--to", converter = TimeBoundConverter.class, paramLabel = "TIME",
            description = "Stop at this UTC time or this long after the first event.")
    TimeBound to;

    boolean given() {
        return speed != null || from != null || to != null;
    }

    ArchiveSource source(List<Path> paths, List<String> events) throws ArchiveException {
        ArchiveSource.Builder b = ArchiveSource.builder().speed(speed == null ? 0 : speed).events(Tracepoint.select(events))
                .onDamage(d -> System.err.println("nodescope: " + d.describe()));
        paths.forEach(b::path);
        if (from != null) {
            b.from(from);
        }
        if (to != null) {
            b.to(to);
        }
        return b.build();
    }
}
