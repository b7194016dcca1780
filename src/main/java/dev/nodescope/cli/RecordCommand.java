package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.BitcoindVersion;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.extract.ProcessInfo;
import dev.nodescope.extract.StapsdtNotes;
import dev.nodescope.extract.UsdtProbe;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope record}: events into archive files (docs/archives.md). */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record every event of a running bitcoind into archive files, for replay and analysis (docs/archives.md).")
final class RecordCommand implements Callable<Integer> {
    enum Payload { none, full }

    @Mixin
    TargetOptions target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the archive files (created if missing).")
    Path out;

    @Option(names = "--rotate", paramLabel = "SIZE|TIME",
            description = "Start a new file after this size (1GiB) or this long (1h).")
    String rotate;

    @Option(names = "--payload", defaultValue = "none", description = "none (default) or full: record whole P2P payloads.")
    Payload payload;

    @Option(names = "--redact-ips", description = "Replace peer addresses by per-recording pseudonyms; leave out version/addr/addrv2 payloads.")
    boolean redactIps;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        long rotateBytes = 0;
        Duration rotateAge = null;
        if (rotate != null) {
            try {
                rotateAge = new DurationConverter().convert(rotate);
            } catch (CommandLine.TypeConversionException notATime) {
                try {
                    rotateBytes = new SizeConverter().convert(rotate);
                } catch (CommandLine.TypeConversionException notASize) {
                    throw new IllegalArgumentException("--rotate: '" + rotate + "' is neither a size (1GiB, 512MiB) nor a time (1h, 30m)");
                }
            }
            if (rotateBytes == 0 && (rotateAge == null || rotateAge.isZero())) {
                throw new IllegalArgumentException("--rotate must be more than 0");
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; give a directory (archives are "
                    + ArchiveFormat.EXTENSION + " files in it)");
        }
        EventSource source = target.source(payload == Payload.full ? 4_000_000 : 0);
        ArchiveHeader header = header();
        boolean outExisted = Files.exists(out);
        Recorder recorder;
        try {
            recorder = Recorder.builder().directory(out).header(header).rotateBytes(rotateBytes).rotateAge(rotateAge)
                    .redactIps(redactIps).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot record into " + out + ": " + e.getMessage());
        }
        EventStream stream = StatusLines.register(EventStream.open(source), target);
        boolean[] attached = {false};
        stream.onEvent(Attached.class, a -> {
            if (!attached[0]) {
                attached[0] = true;
                System.err.println("nodescope: recording into " + out);
            }
        });
        stream.onEvent(recorder::accept);
        stream.onFlush(recorder::flush);
        try {
            StreamRunner.run(stream, duration, () -> {
                try {
                    recorder.close();
                } catch (IOException e) {
                    System.err.println("nodescope: cannot finish the archive: " + e.getMessage());
                }
                if (attached[0]) {
                    Summary.printLosses(source.stats(), System.err);
                    printTotals(recorder);
                }
            });
        } catch (Exception e) {
            recorder.close();
            if (!attached[0]) {
                // nothing was traced (unknown pid, no privileges...): leave no empty archive behind
                for (Path f : recorder.files()) {
                    Files.deleteIfExists(f);
                }
                if (!outExisted) {
                    deleteIfEmpty(out);
                }
            }
            throw e;
        }
        return 0;
    }

    /** The directory this command created, when nothing went into it. */
    private static void deleteIfEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // nothing to clean up
        }
    }

    private void printTotals(Recorder recorder) {
        long bytes = 0;
        List<Path> files = recorder.files();
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException ignored) {
                // counted as 0: the total is for information only
            }
        }
        long events = recorder.eventsAccepted();
        System.err.println(String.format(Locale.ROOT, "nodescope: recorded %d events in %d file%s, %s%s", events, files.size(),
                files.size() == 1 ? "" : "s", Bytes.human(bytes),
                events > 0 ? String.format(Locale.ROOT, " (%.1f bytes/event)", (double) bytes / events) : ""));
        if (recorder.payloadsRedacted() > 0) {
            System.err.println("nodescope: left out " + recorder.payloadsRedacted() + " version/addr/addrv2 payloads (--redact-ips)");
        }
    }

    private ArchiveHeader header() {
        String binary = "";
        Path executable = null;
        String what;
        if (target.replaying()) {
            what = "replay of " + target.replay;
        } else if (target.pid != null) {
            what = "pid " + target.pid;
            try {
                binary = ProcessInfo.executableOf(target.pid).toString();
                executable = Path.of("/proc", target.pid.toString(), "exe");
            } catch (IOException e) {
                binary = ""; // the source reports the real problem when it attaches
            }
        } else if (target.binary != null) {
            what = "binary " + target.binary;
            binary = target.binary.toString();
            executable = target.binary;
        } else {
            what = "discovered";
        }
        String version = Main.class.getPackage().getImplementationVersion();
        return new ArchiveHeader(ArchiveFormat.VERSION, version == null ? "development build" : version, 0,
                LiveSource.Builder.defaultNode(), target.node == null ? LiveSource.Builder.defaultNode() : target.node, what,
                target.events == null ? List.of() : target.events, payload.name(), redactIps, binary, bitcoindVersion(executable), 1);
    }

    /** The binary's own -version, else the releases its tracepoints fit; "" when unknown. */
    private static String bitcoindVersion(Path executable) {
        if (executable == null) {
            return "";
        }
        try {
            Set<String> present = new HashSet<>();
            for (UsdtProbe p : StapsdtNotes.read(executable)) {
                present.add(p.fullName());
            }
            if (present.stream().noneMatch(n -> Tracepoint.byFullName(n).isPresent())) {
                return ""; // not a bitcoind: the source says so when it attaches, and it is not run
            }
            return BitcoindVersion.of(executable, present);
        } catch (IOException | RuntimeException e) {
            return ""; // the source says what is wrong with the binary when it attaches
        }
    }
}
