package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.error.UserException;
import dev.nodescope.record.RecordTool;
import dev.nodescope.record.RecordingHeader;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import dev.nodescope.watch.Watching;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope record}: events into archive files (record/RecordTool, docs/archives.md). */
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

    @Option(names = "--watch", description = "Run the watchdog too and record its alerts (nodescope:alert) with the events (docs/watch.md).")
    boolean watch;

    @Mixin
    WatchOptions watchOptions;

    @Override
    public Integer call() throws Exception {
        Recorder.Builder builder = Recorder.builder().directory(out).redactIps(redactIps).keepPayloads(payload == Payload.full);
        if (rotate != null) {
            rotation(builder);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("--out " + out + " is a file; give a directory (archives are "
                    + ArchiveFormat.EXTENSION + " files in it)");
        }
        // the detectors read payloads whatever is recorded; the recorder leaves them out unless --payload full
        int payloadMax = payload == Payload.full ? 4_000_000 : 0;
        EventSource source = target.source(watch ? Math.max(payloadMax, WatchOptions.PAYLOAD_MAX) : payloadMax);
        boolean outExisted = Files.exists(out);
        Recorder recorder;
        try {
            recorder = builder.header(header()).build();
        } catch (IOException e) {
            throw new UserException("cannot record into " + out + ": " + e.getMessage(), e);
        }
        RecordTool tool = new RecordTool(recorder, out, !outExisted, StatusLines.of(target.replay), System.err);
        return ToolRunner.run(source, watch ? new Watching(watchOptions.engine(!target.replaying()), tool) : tool, duration);
    }

    /** {@code --rotate}: a size or a time, whichever it parses as. */
    private void rotation(Recorder.Builder builder) {
        try {
            Duration age = new DurationConverter().convert(rotate);
            if (age.isZero()) {
                throw new UserException("--rotate must be more than 0");
            }
            builder.rotateAge(age);
        } catch (CommandLine.TypeConversionException notATime) {
            long bytes;
            try {
                bytes = new SizeConverter().convert(rotate);
            } catch (CommandLine.TypeConversionException notASize) {
                throw new UserException("--rotate: '" + rotate + "' is neither a size (1GiB, 512MiB) nor a time (1h, 30m)");
            }
            if (bytes == 0) {
                throw new UserException("--rotate must be more than 0");
            }
            builder.rotateBytes(bytes);
        }
    }

    private ArchiveHeader header() {
        String version = Main.class.getPackage().getImplementationVersion();
        return RecordingHeader.of(version == null ? "development build" : version, target.replay, target.pid, target.binary, target.node,
                target.events, payload.name(), redactIps);
    }
}
