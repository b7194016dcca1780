package dev.nodescope.archive;

import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Archive throughput in events per second (issue 5), on {@link TrafficMix} events (metadata only):
 * <ul>
 *   <li>{@code encode}: what the stream thread pays per recorded event (the block encoder);</li>
 *   <li>{@code encodeAndWrite}: encoder plus deflate and write of whole blocks to a file, i.e. the
 *       recorder's stream and writer threads together on one core;</li>
 *   <li>{@code replay}: {@link ArchiveSource} at max speed from a file (read, checksum, inflate,
 *       decode, build every event) into a sink that consumes each event.</li>
 * </ul>
 * One operation = one event. Run: {@code bench/jmh.sh ArchiveBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArchiveBenchmark {
    static final int EVENTS = 100_000;

    @Param({"0.0", "0.1"})
    double mempoolShare;

    private List<Event> events;
    private BlockEncoder encoder;
    private Path dir;
    private Path archive;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        events = TrafficMix.events(EVENTS, mempoolShare, 7);
        encoder = new BlockEncoder(1 << 21);
        dir = Files.createTempDirectory("nodescope-archive-bench");
        archive = dir.resolve("replay");
        ArchiveRoundTripTest.record(archive, events, 1 << 20, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int encode() {
        int blocks = 0;
        for (Event e : events) {
            encoder.add(e);
            if (encoder.rawSize() >= 1 << 20) {
                encoder.reset();
                blocks++;
            }
        }
        encoder.reset();
        return blocks;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long encodeAndWrite() throws Exception {
        Path out = Files.createTempDirectory(dir, "w");
        try (Recorder recorder = Recorder.builder().directory(out).header(ArchiveRoundTripTest.header()).build()) {
            events.forEach(recorder::accept);
        }
        long size;
        try (Stream<Path> s = Files.list(out)) {
            List<Path> files = s.toList();
            size = Files.size(files.getFirst());
            for (Path f : files) {
                Files.delete(f);
            }
        }
        Files.delete(out);
        return size;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void replay(Blackhole bh) throws Exception {
        ArchiveSource source = ArchiveSource.builder().path(archive).build();
        source.run(new EventSink() {
            @Override
            public boolean wants(Tracepoint tracepoint) {
                return true;
            }

            @Override
            public void accept(Event event) {
                bh.consume(event);
            }

            @Override
            public void flush() {
            }
        });
    }
}
