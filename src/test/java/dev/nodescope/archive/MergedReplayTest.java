package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.PlayedEvents;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several recordings replayed as one ({@code --replay ams,fra,nyc}): merged by event time, a tie
 * going to the recording named first, each recording's own order kept even where its times go
 * back (nyc's archive holds its 4 s event before its 0.5 s one).
 */
class MergedReplayTest {
    static final long START = 1_764_662_400_000_000_000L;

    @TempDir
    static Path dir;
    static Path ams;
    static Path fra;
    static Path nyc;

    static Path record(String node, List<Event> events) throws Exception {
        Path rec = dir.resolve(node);
        BusyNodeArchive.record(rec, node, events);
        return rec;
    }

    static String tx(int n) {
        return String.format("%064x", n);
    }

    @BeforeAll
    static void recordThreeNodes() throws Exception {
        ams = record("ams", new PlayedEvents("ams", 1, START).play(List.of(
                "sleep 1000", "mempool:added " + tx(1) + " 100 1",
                "sleep 2000", "mempool:added " + tx(2) + " 100 1")));
        fra = record("fra", new PlayedEvents("fra", 2, START).play(List.of(
                "sleep 1000", "mempool:added " + tx(3) + " 100 1", // the same instant as ams's first
                "sleep 1000", "mempool:added " + tx(4) + " 100 1")));
        List<Event> nycEvents = new ArrayList<>(new PlayedEvents("nyc", 3, START).play(List.of(
                "sleep 500", "mempool:added " + tx(5) + " 100 1",
                "sleep 3500", "mempool:added " + tx(6) + " 100 1")));
        Collections.reverse(nycEvents); // recorded out of time order: kept as recorded
        nyc = record("nyc", nycEvents);
    }

    /** ams@1s and fra@1s tie (ams is named first), fra@2s, ams@3s, then nyc as recorded: 4 s, 0.5 s. */
    static final List<String> MERGED = List.of("ams " + tx(1), "fra " + tx(3), "fra " + tx(4), "ams " + tx(2), "nyc " + tx(6), "nyc " + tx(5));

    @Test
    void theRecordingsComeOutMergedByTimeEachInItsOwnOrder() throws Exception {
        ArchiveSource source = ArchiveSource.builder().path(ams).path(fra).path(nyc).build();
        List<String> got = new ArrayList<>();
        EventStream stream = EventStream.open(source).onEvent(MempoolAdded.class, e -> got.add(e.meta().node() + " " + e.txid()));
        stream.start(); // returns when the replay has ended
        assertThat(got).containsExactlyElementsOf(MERGED);
        assertThat(source.bytesDone()).isEqualTo(source.bytesTotal());
    }

    @Test
    void theOrderOfThePathsOnlyBreaksTies() throws Exception {
        ArchiveSource source = ArchiveSource.builder().path(nyc).path(fra).path(ams).build();
        List<String> got = new ArrayList<>();
        EventStream stream = EventStream.open(source).onEvent(MempoolAdded.class, e -> got.add(e.meta().node() + " " + e.txid()));
        stream.start();
        assertThat(got).containsExactly("fra " + tx(3), "ams " + tx(1), "fra " + tx(4), "ams " + tx(2), "nyc " + tx(6), "nyc " + tx(5));
    }

    /**
     * Two recordings of many small blocks over several files each (rotated), their times
     * interleaved and often equal: the merge is the stable sort of both by time, one block of each
     * held at a time.
     */
    @Test
    void recordingsOfManyBlocksAndFilesMergeAcrossTheirBoundaries() throws Exception {
        List<Event> all = new ArrayList<>();
        List<Path> recordings = new ArrayList<>();
        for (String node : List.of("lon", "sfo")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                // lon every 2 ms; sfo 1 ms then 3 ms: its every other event is at the same instant as lon's
                lines.add("sleep " + (node.equals("lon") ? 2 : i % 2 == 0 ? 1 : 3));
                lines.add("mempool:added " + tx(i) + " 100 1");
            }
            List<Event> events = new PlayedEvents(node, 7, START).play(lines);
            Path rec = dir.resolve(node);
            try (Recorder r = Recorder.builder().directory(rec).blockBytes(1024).rotateBytes(8 * 1024)
                    .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", node, "pid 7", List.of(), "full", false, "", "", 1))
                    .build()) {
                events.forEach(r::accept);
            }
            assertThat(ArchiveSource.builder().path(rec).build().files()).as("several files").hasSizeGreaterThan(2);
            all.addAll(events);
            recordings.add(rec);
        }
        List<String> expected = new ArrayList<>(all.stream().sorted(java.util.Comparator.comparingLong(e -> e.meta().epochNanos()))
                .map(e -> e.meta().node() + " " + ((MempoolAdded) e).txid()).toList());
        java.util.Set<Long> lonTimes = new java.util.HashSet<>();
        all.stream().filter(e -> e.meta().node().equals("lon")).forEach(e -> lonTimes.add(e.meta().epochNanos()));
        assertThat(all.stream().filter(e -> e.meta().node().equals("sfo") && lonTimes.contains(e.meta().epochNanos())).count())
                .as("ties between the recordings").isEqualTo(1500);
        ArchiveSource source = ArchiveSource.builder().path(recordings.get(0)).path(recordings.get(1)).build();
        List<String> got = new ArrayList<>();
        EventStream.open(source).onEvent(MempoolAdded.class, e -> got.add(e.meta().node() + " " + e.txid())).start();
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void logReplayOfSeveralArchivesPrintsTheMergedFleet() throws Exception {
        Cli.Result r = Cli.run("log", "--replay", ams + "," + fra + "," + nyc, "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> got = r.stdoutLines().stream()
                .map(l -> l.replaceFirst(".*\"node\":\"([a-z]+)\".*\"txid\":\"([0-9a-f]+)\".*", "$1 $2")).toList();
        assertThat(got).containsExactlyElementsOf(MERGED);
    }
}
