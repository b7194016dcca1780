package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged archives: truncation at and around every block boundary, flipped bytes anywhere,
 * garbage between blocks, a damaged header. Reading never throws and never hangs; it reports each
 * damaged range and returns exactly the events of the intact blocks.
 */
class ArchiveDamageTest {
    @TempDir
    Path dir;

    private List<Event> events;
    private byte[] file;
    /** Offsets of block frames, then the file's end. */
    private final List<Integer> boundaries = new ArrayList<>();
    /** Events before each boundary. */
    private final List<Integer> eventsBefore = new ArrayList<>();
    private int headerEnd;

    @BeforeEach
    void record() throws Exception {
        events = SyntheticEvents.mix(3_000, 11);
        List<Path> files = ArchiveRoundTripTest.record(dir.resolve("rec"), events, 4 << 10, 0);
        file = Files.readAllBytes(files.getFirst());
        try (ArchiveFile f = ArchiveFile.open(files.getFirst())) {
            int pos = (int) (f.size() - blocksLength(f));
            headerEnd = pos;
        }
        int pos = headerEnd;
        int count = 0;
        while (pos < file.length) {
            ArchiveFormat.Frame frame = ArchiveFormat.parseFrame(file, pos);
            boundaries.add(pos);
            eventsBefore.add(count);
            count += frame.events();
            pos += ArchiveFormat.FRAME_BYTES + frame.storedLength();
        }
        boundaries.add(file.length);
        eventsBefore.add(count);
        assertThat(count).isEqualTo(events.size());
        assertThat(boundaries.size()).isGreaterThan(30);
    }

    private static long blocksLength(ArchiveFile f) throws Exception {
        long[] sum = {0};
        f.readBlocks((frame, raw, offset) -> {
            sum[0] += ArchiveFormat.FRAME_BYTES + frame.storedLength();
            return true;
        }, d -> { }, Long.MIN_VALUE, Long.MAX_VALUE);
        return sum[0];
    }

    private record Read(List<String> json, List<ArchiveDamage> damage) {
    }

    private Read read(byte[] bytes) throws Exception {
        Path p = dir.resolve("damaged.nsa");
        Files.write(p, bytes);
        List<ArchiveDamage> damage = new ArrayList<>();
        ArchiveSource source = ArchiveSource.builder().path(p).onDamage(damage::add).build();
        return new Read(SyntheticEvents.json(ArchiveRoundTripTest.replay(source)), damage);
    }

    private List<String> expectedWithout(int block) {
        List<String> all = SyntheticEvents.json(events);
        List<String> out = new ArrayList<>(all.subList(0, eventsBefore.get(block)));
        out.addAll(all.subList(eventsBefore.get(block + 1), all.size()));
        return out;
    }

    @Test
    void cutExactlyAtABlockBoundaryLosesNothingBeforeIt() throws Exception {
        List<String> all = SyntheticEvents.json(events);
        for (int b = 0; b < boundaries.size(); b++) {
            Read r = read(java.util.Arrays.copyOf(file, boundaries.get(b)));
            assertThat(r.json).as("cut at boundary %d", b).containsExactlyElementsOf(all.subList(0, eventsBefore.get(b)));
            assertThat(r.damage).isEmpty();
        }
    }

    @Test
    void cutInsideABlockReportsTheCutAndKeepsEveryBlockBefore() throws Exception {
        List<String> all = SyntheticEvents.json(events);
        for (int b = 0; b < boundaries.size() - 1; b++) {
            int start = boundaries.get(b);
            int end = boundaries.get(b + 1);
            for (int cut : new int[] {start + 1, start + ArchiveFormat.FRAME_BYTES - 1, start + ArchiveFormat.FRAME_BYTES,
                    start + ArchiveFormat.FRAME_BYTES + 1, end - 1}) {
                Read r = read(java.util.Arrays.copyOf(file, cut));
                assertThat(r.json).as("cut at %d in block %d", cut, b).containsExactlyElementsOf(all.subList(0, eventsBefore.get(b)));
                assertThat(r.damage).hasSize(1);
                ArchiveDamage d = r.damage.getFirst();
                assertThat(d.offset()).isEqualTo((long) start);
                assertThat(d.length()).isEqualTo((long) (cut - start));
                assertThat(d.expected()).contains("the file ends after").contains("cut while being written?");
            }
        }
    }

    @Test
    void aFlippedByteCostsExactlyTheBlockItIsIn() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            int pos = headerEnd + random.nextInt(file.length - headerEnd);
            int block = 0;
            while (boundaries.get(block + 1) <= pos) {
                block++;
            }
            byte[] damaged = file.clone();
            damaged[pos] ^= (byte) (1 << random.nextInt(8));
            Read r = read(damaged);
            assertThat(r.json).as("flip at %d (block %d)", pos, block).containsExactlyElementsOf(expectedWithout(block));
            assertThat(r.damage).hasSize(1);
            assertThat(r.damage.getFirst().offset()).isEqualTo((long) boundaries.get(block));
            assertThat(r.damage.getFirst().length()).isEqualTo((long) (boundaries.get(block + 1) - boundaries.get(block)));
        }
    }

    @Test
    void garbageBetweenBlocksIsSkipped() throws Exception {
        int at = boundaries.get(10);
        byte[] garbage = new byte[5000];
        new Random(3).nextBytes(garbage);
        byte[] damaged = new byte[file.length + garbage.length];
        System.arraycopy(file, 0, damaged, 0, at);
        System.arraycopy(garbage, 0, damaged, at, garbage.length);
        System.arraycopy(file, at, damaged, at + garbage.length, file.length - at);
        Read r = read(damaged);
        assertThat(r.json).containsExactlyElementsOf(SyntheticEvents.json(events));
        assertThat(r.damage).hasSize(1);
        assertThat(r.damage.getFirst().offset()).isEqualTo((long) at);
        assertThat(r.damage.getFirst().length()).isEqualTo((long) garbage.length);
        assertThat(r.damage.getFirst().describe()).endsWith("damaged bytes " + at + ".." + (at + garbage.length)
                + ": expected a block frame ('NSBK' and a matching checksum); events in it unknown; continuing with the next good block");
    }

    @Test
    void aDamagedHeaderLosesOnlyItself() throws Exception {
        byte[] damaged = file.clone();
        damaged[20] ^= 0x55; // inside the header's protobuf
        Read r = read(damaged);
        assertThat(r.json).containsExactlyElementsOf(SyntheticEvents.json(events));
        assertThat(r.damage).hasSize(1);
        assertThat(r.damage.getFirst().expected()).isEqualTo("a header matching its checksum");
        assertThat(r.damage.getFirst().offset()).isEqualTo(8L);
        assertThat(r.damage.getFirst().length()).isEqualTo((long) headerEnd - 8);
    }
}
