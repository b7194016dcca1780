package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * garbage between blocks, a damaged header, bodies that check out but do not decompress (zstd, and
 * the deflate of format version 1). Reading never throws and never hangs; it reports each damaged
 * range and returns exactly the events of the intact blocks.
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

    /**
     * A zstd body that passes its CRC yet is no zstd frame of the block's raw length (a buggy or
     * hostile writer: no checksum catches it) costs exactly its block, reported like a bad deflate
     * stream was: random bytes, a cut frame, a frame one byte shorter or longer than the block says.
     */
    @Test
    void aZstdBodyThatChecksOutButDoesNotDecompressCostsExactlyItsBlock() throws Exception {
        int b = 7;
        ArchiveFormat.Frame f = ArchiveFormat.parseFrame(file, boundaries.get(b));
        assertThat(f.codec()).isEqualTo(ArchiveFormat.CODEC_ZSTD);
        assertBadBodyCostsExactlyItsBlock(file, b, "a zstd frame of %d bytes");
    }

    /** The same for format version 1's deflate blocks (the golden archive of OldArchivesTest). */
    @Test
    void aDeflateBodyThatChecksOutButDoesNotInflateCostsExactlyItsBlock() throws Exception {
        byte[] golden = OldArchivesTest.class.getResourceAsStream("/dev/nodescope/archive/golden/1ae6931.nsa").readAllBytes();
        int b = 7;
        ArchiveFormat.Frame f = ArchiveFormat.parseFrame(golden, blockStarts(golden).get(b));
        assertThat(f.codec()).isEqualTo(ArchiveFormat.CODEC_DEFLATE);
        assertBadBodyCostsExactlyItsBlock(golden, b, "a deflate stream of %d bytes");
    }

    private void assertBadBodyCostsExactlyItsBlock(byte[] bytes, int b, String expected) throws Exception {
        List<Integer> starts = blockStarts(bytes);
        int start = starts.get(b);
        ArchiveFormat.Frame f = ArchiveFormat.parseFrame(bytes, start);
        byte[] body = java.util.Arrays.copyOfRange(bytes, start + ArchiveFormat.FRAME_BYTES, start + ArchiveFormat.FRAME_BYTES + f.storedLength());
        List<String> intact = read(bytes).json;
        int before = 0;
        for (int i = 0; i < b; i++) {
            before += ArchiveFormat.parseFrame(bytes, starts.get(i)).events();
        }
        List<String> without = new ArrayList<>(intact.subList(0, before));
        without.addAll(intact.subList(before + f.events(), intact.size()));
        byte[] random = new byte[body.length];
        new Random(5).nextBytes(random);
        record Bad(String what, byte[] body, int rawLength) {
        }
        for (Bad bad : List.of(new Bad("random bytes", random, f.rawLength()),
                new Bad("cut by 10 bytes", java.util.Arrays.copyOf(body, body.length - 10), f.rawLength()),
                new Bad("a byte more than it holds", body, f.rawLength() + 1),
                new Bad("a byte less than it holds", body, f.rawLength() - 1))) {
            Read r = read(withBlock(bytes, start, f, bad.body(), bad.rawLength()));
            assertThat(r.json).as(bad.what()).containsExactlyElementsOf(without);
            assertThat(r.damage).as(bad.what()).hasSize(1);
            ArchiveDamage d = r.damage.getFirst();
            assertThat(d.offset()).isEqualTo((long) start);
            assertThat(d.length()).isEqualTo((long) ArchiveFormat.FRAME_BYTES + bad.body().length);
            assertThat(d.expected()).as(bad.what()).isEqualTo(expected.formatted(bad.rawLength()));
            assertThat(d.eventsLost()).isEqualTo(f.events());
        }
    }

    /** The offsets of the blocks of an intact file. */
    private static List<Integer> blockStarts(byte[] bytes) {
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(ArchiveFormat.MAGIC.length + 4);
        List<Integer> starts = new ArrayList<>();
        for (int pos = ArchiveFormat.MAGIC.length + 8 + headerLength + 4; pos < bytes.length;
             pos += ArchiveFormat.FRAME_BYTES + ArchiveFormat.parseFrame(bytes, pos).storedLength()) {
            starts.add(pos);
        }
        return starts;
    }

    /** The file with the block at {@code start} given another body and raw length, its frame and body checksums made to match. */
    private static byte[] withBlock(byte[] bytes, int start, ArchiveFormat.Frame f, byte[] body, int rawLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, start);
        out.writeBytes(ArchiveFormat.frame(new ArchiveFormat.Frame(f.codec(), body.length, rawLength, f.events(),
                ArchiveFormat.crc(body, 0, body.length), f.firstEpochNanos(), f.lastEpochNanos())));
        out.writeBytes(body);
        int end = start + ArchiveFormat.FRAME_BYTES + f.storedLength();
        out.write(bytes, end, bytes.length - end);
        return out.toByteArray();
    }
}
