package dev.nodescope.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.luben.zstd.Zstd;
import dev.nodescope.codec.BlockEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Coverage-guided fuzzing of a block's decompression (zstd, and the deflate of format version 1)
 * with Jazzer: a block whose body passes its CRC but which a buggy or hostile writer made. Whatever
 * the body and the raw length its frame claims, reading ends with either the block, exactly that
 * long, or one damage report naming the codec; never an exception, never a crash of the native
 * zstd library. Input: codec (byte 0, mod 3), raw length (bytes 1-3, little-endian), body (the
 * rest). Seeds: a block of {@link SyntheticEvents} in each codec
 * ({@code src/test/resources/dev/nodescope/archive/ArchiveBlockFuzzTestInputs/read/}).
 *
 * <p>A plain {@code mvn test} runs the seeds; {@code JAZZER_FUZZ=1 mvn test -Dtest=ArchiveBlockFuzzTest}
 * fuzzes (run-tests does, after the suite).
 */
class ArchiveBlockFuzzTest {
    private static final byte[] HEADER = ArchiveFormat.fileHeader(ArchiveRoundTripTest.header());
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("nodescope-fuzz", ArchiveFormat.EXTENSION);
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void read(byte[] input) throws Exception {
        if (input.length < 4) {
            return;
        }
        int codec = (input[0] & 0xff) % 3;
        int rawLength = (input[1] & 0xff) | (input[2] & 0xff) << 8 | (input[3] & 0xff) << 16;
        byte[] body = Arrays.copyOfRange(input, 4, input.length);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(HEADER);
        file.writeBytes(ArchiveFormat.frame(new ArchiveFormat.Frame(codec, body.length, rawLength, 1, ArchiveFormat.crc(body, 0, body.length),
                1, 1)));
        file.writeBytes(body);
        Files.write(FILE, file.toByteArray());
        List<Integer> blocks = new ArrayList<>();
        List<ArchiveDamage> damage = new ArrayList<>();
        try (ArchiveFile f = ArchiveFile.open(FILE)) {
            f.readBlocks((frame, raw, offset) -> blocks.add(frame.rawLength()), damage::add, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (blocks.size() + damage.size() != 1) {
            throw new AssertionError("one block or one damage expected, got blocks " + blocks + " and damage " + damage);
        }
        if (!blocks.isEmpty() && blocks.getFirst() != rawLength) {
            throw new AssertionError("a block of " + blocks.getFirst() + " bytes, its frame says " + rawLength);
        }
        if (!damage.isEmpty() && !damage.getFirst().expected().equals(
                List.of("a stored block", "a deflate stream", "a zstd frame").get(codec) + " of " + rawLength + " bytes")) {
            throw new AssertionError("codec " + codec + ": " + damage.getFirst().describe());
        }
    }

    /** Writes the seeds, one block of 30 synthetic events per codec (run once by hand when the encoding changes). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        BlockEncoder enc = new BlockEncoder(1 << 16);
        SyntheticEvents.mix(30, 100).forEach(enc::add);
        byte[] raw = Arrays.copyOf(enc.rawBytes(), enc.rawSize());
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(raw);
        deflater.finish();
        byte[] deflated = new byte[raw.length + 64];
        int n = deflater.deflate(deflated);
        deflater.end();
        Files.write(dir.resolve("stored"), seed(ArchiveFormat.CODEC_STORED, raw.length, raw));
        Files.write(dir.resolve("deflate"), seed(ArchiveFormat.CODEC_DEFLATE, raw.length, Arrays.copyOf(deflated, n)));
        Files.write(dir.resolve("zstd"), seed(ArchiveFormat.CODEC_ZSTD, raw.length, Zstd.compress(raw, ArchiveFileWriter.ZSTD_LEVEL)));
    }

    private static byte[] seed(int codec, int rawLength, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(codec);
        out.write(rawLength);
        out.write(rawLength >> 8);
        out.write(rawLength >> 16);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
