package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveInfo;
import dev.nodescope.archive.ArchiveSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nodescope archive info}: what a recording holds, like {@code jfr summary}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Time span, events and bytes per event type, losses, node and binary of archives.")
final class ArchiveInfoCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Archive files, or directories of them.")
    List<Path> archives;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    LogCommand.Format format;

    @Override
    public Integer call() throws Exception {
        ArchiveSummary s = new ArchiveSummary();
        try (AutoCloseable progress = Progress.start("reading", s::bytesDone, s::bytesTotal, true)) {
            s.read(archives);
        }
        if (format == LogCommand.Format.json) {
            ArchiveInfo.json(s, System.out);
        } else {
            ArchiveInfo.text(s, System.out);
        }
        System.out.flush();
        return 0;
    }
}
