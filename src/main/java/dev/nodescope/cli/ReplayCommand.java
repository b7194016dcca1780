package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nodescope replay}: the log of a recording, exactly as {@code log} printed it live
 * ({@code log --replay} is the same thing; other tools take {@code --replay} too).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Print the events of archives (nodescope record) as log does: text or JSON lines, at any speed.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Archive files, or directories of them.")
    List<Path> archives;

    @Option(names = "--events", split = ",", paramLabel = "GLOB", description = "Only these tracepoints, e.g. net:*,mempool:added.")
    List<String> events;

    @Mixin
    ReplayOptions replay;

    @Mixin
    LogCommand.LogOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate();
        ArchiveSource source = replay.source(archives, events);
        // a bar only when the events go elsewhere than the terminal the bar is drawn on
        boolean bar = !Progress.isTerminal(1) && (replay.speed == null || replay.speed == 0);
        try (AutoCloseable progress = Progress.start("replay", source::bytesDone, source::bytesTotal, bar)) {
            return options.run(source, null);
        }
    }
}
