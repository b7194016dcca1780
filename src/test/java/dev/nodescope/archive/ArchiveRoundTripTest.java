package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write then read back: every field of every kind of event, across blocks, files and rotation. */
class ArchiveRoundTripTest {
    @TempDir
    Path dir;

    static ArchiveHeader header() {
        return new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "host-1", "node-a", "pid 4242", List.of("net:*"), "full", false,
                "/usr/local/bin/bitcoind", "v29.0.0", 1);
    }

    static List<Path> record(Path dir, List<Event> events, int blockBytes, long rotateBytes) throws Exception {
        Recorder recorder = Recorder.builder().directory(dir).header(header()).blockBytes(blockBytes).rotateBytes(rotateBytes).build();
        events.forEach(recorder::accept);
        recorder.close();
        return recorder.files();
    }

    static List<Event> replay(ArchiveSource source) throws Exception {
        List<Event> out = new ArrayList<>();
        try (EventStream stream = EventStream.open(source)) {
            stream.onEvent(out::add);
            stream.start();
        }
        return out;
    }

    @Test
    void everyKindOfEventComesBackFieldForField() throws Exception {
        List<Event> events = SyntheticEvents.mix(20_000, 1);
        List<Path> files = record(dir, events, 64 << 10, 0);
        assertThat(files).hasSize(1);
        List<Event> back = replay(ArchiveSource.builder().path(dir).build());
        assertThat(back).hasSize(events.size());
        // records with byte[] payloads compare by content
        assertThat(back).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(events);
        assertThat(SyntheticEvents.json(back)).containsExactlyElementsOf(SyntheticEvents.json(events));
    }

    @Test
    void rotationSplitsIntoFilesThatReadBackInOrder() throws Exception {
        List<Event> events = SyntheticEvents.mix(30_000, 2);
        List<Path> files = record(dir, events, 16 << 10, 100_000);
        assertThat(files.size()).isGreaterThan(3);
        for (int i = 0; i < files.size(); i++) {
            assertThat(files.get(i).getFileName().toString()).matches("nodescope-\\d{8}T\\d{6}Z-" + String.format("%04d", i + 1) + "\\.nsa");
            try (ArchiveFile f = ArchiveFile.open(files.get(i))) {
                assertThat(f.header().fileIndex()).isEqualTo(i + 1);
                assertThat(f.header().node()).isEqualTo("node-a");
                assertThat(f.header().bitcoindBinary()).isEqualTo("/usr/local/bin/bitcoind");
            }
        }
        assertThat(SyntheticEvents.json(replay(ArchiveSource.builder().path(dir).build())))
                .containsExactlyElementsOf(SyntheticEvents.json(events));
    }

    @Test
    void tracepointSelectionAndTimeRangeFilter() throws Exception {
        List<Event> events = SyntheticEvents.mix(10_000, 3);
        record(dir, events, 8 << 10, 0);
        long from = events.get(2_000).meta().epochNanos();
        long to = events.get(7_000).meta().epochNanos();
        ArchiveSource source = ArchiveSource.builder().path(dir).events(EnumSet.of(Tracepoint.MEMPOOL_ADDED))
                .from(ArchiveSource.TimeBound.at(instant(from))).to(ArchiveSource.TimeBound.at(instant(to))).build();
        List<Event> expected = events.subList(2_000, 7_001).stream()
                .filter(e -> e instanceof MempoolAdded || !(e instanceof dev.nodescope.event.TracepointEvent)).toList();
        assertThat(SyntheticEvents.json(replay(source))).containsExactlyElementsOf(SyntheticEvents.json(expected));
        // offsets count from the first event
        long first = events.getFirst().meta().epochNanos();
        ArchiveSource byOffset = ArchiveSource.builder().path(dir).from(ArchiveSource.TimeBound.afterStart(Duration.ofNanos(from - first)))
                .to(ArchiveSource.TimeBound.afterStart(Duration.ofNanos(to - first))).build();
        assertThat(replay(byOffset)).hasSize(5_001);
    }

    @Test
    void pacedReplayFollowsTheRecordedClock() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long mono = 1_000_000_000L + i * 100_000_000L; // every 100 ms over one second
            events.add(new MempoolAdded(new EventMeta("n", 1, 1, "t", mono, SyntheticEvents.BOOT_EPOCH_NANOS + mono, i),
                    "00".repeat(32), 100, 1000));
        }
        record(dir, events, 1 << 20, 0);
        long start = System.nanoTime();
        assertThat(replay(ArchiveSource.builder().path(dir).speed(4).build())).hasSize(11);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // one recorded second at 4x: 250 ms (and never faster than the recording allows)
        assertThat(elapsedMs).isBetween(240L, 2_000L);
    }

    @Test
    void statsCountWhatWasReplayedAndTheRecordedLosses() throws Exception {
        List<Event> events = SyntheticEvents.mix(5_000, 4);
        record(dir, events, 8 << 10, 0);
        ArchiveSource source = ArchiveSource.builder().path(dir).build();
        replay(source);
        long messages = events.stream().filter(e -> e instanceof InboundMessage).count();
        long lostAtRing = events.stream().filter(e -> e instanceof dev.nodescope.event.Loss l && l.tracepoint().equals("net:inbound_message"))
                .mapToLong(e -> ((dev.nodescope.event.Loss) e).count()).sum();
        assertThat(source.stats().received(Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(messages);
        assertThat(source.stats().lost(dev.nodescope.stream.LossStage.RING_RESERVE, Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(lostAtRing);
        assertThat(source.stats().hits(Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(messages + lostAtRing);
    }

    @Test
    void summaryCountsEveryEventType() throws Exception {
        List<Event> events = SyntheticEvents.mix(10_000, 5);
        record(dir, events, 32 << 10, 0);
        ArchiveSummary s = new ArchiveSummary();
        s.read(List.of(dir));
        assertThat(s.events).isEqualTo(events.size());
        assertThat(s.damage).isEmpty();
        for (String name : events.stream().map(Event::name).distinct().toList()) {
            assertThat(s.byType.get(name).count()).as(name).isEqualTo(events.stream().filter(e -> e.name().equals(name)).count());
        }
        assertThat(s.firstEpochNanos).isEqualTo(events.getFirst().meta().epochNanos());
        assertThat(s.lastEpochNanos).isEqualTo(events.getLast().meta().epochNanos());
        assertThat(s.attachments).hasSize((int) events.stream().filter(e -> e instanceof dev.nodescope.event.Attached).count());
        assertThat(s.storedBytes + Files.size(s.files.getFirst()) - s.storedBytes).isEqualTo(Files.size(s.files.getFirst()));
    }

    @Test
    void notAnArchiveAndANewerFormatAreRefusedWithAReason() throws Exception {
        Path text = dir.resolve("notes.nsa");
        Files.writeString(text, "hello world, not an archive");
        assertThatThrownBy(() -> ArchiveSource.builder().path(text).build()).isInstanceOf(ArchiveException.class)
                .hasMessage(text + ": not a nodescope archive (it starts with 'hello world, not', archives start with '.NSA....')");
        List<Path> files = record(dir.resolve("rec"), SyntheticEvents.mix(10, 6), 1 << 20, 0);
        byte[] bytes = Files.readAllBytes(files.getFirst());
        assertThat(bytes[8]).as("the format version written").isEqualTo((byte) 2);
        bytes[8] = 3; // format version 3
        Files.write(files.getFirst(), bytes);
        assertThatThrownBy(() -> ArchiveSource.builder().path(files.getFirst()).build()).isInstanceOf(ArchiveException.class)
                .hasMessage(files.getFirst() + ": archive format version 3, this nodescope reads versions 1 to 2"
                        + " (written by a newer nodescope: upgrade to read it)");
        bytes[8] = 0; // no version was ever 0
        Files.write(files.getFirst(), bytes);
        assertThatThrownBy(() -> ArchiveSource.builder().path(files.getFirst()).build()).isInstanceOf(ArchiveException.class)
                .hasMessage(files.getFirst() + ": archive format version 0, this nodescope reads versions 1 to 2");
        assertThatThrownBy(() -> ArchiveSource.builder().path(dir.resolve("missing")).build()).isInstanceOf(ArchiveException.class)
                .hasMessage(dir.resolve("missing") + ": no such file or directory");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> ArchiveSource.builder().path(empty).build()).isInstanceOf(ArchiveException.class)
                .hasMessage(empty + ": no archive files (*.nsa) in this directory");
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
