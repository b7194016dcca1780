package dev.nodescope.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;

/**
 * Coverage-guided fuzzing of {@link BlockDecoder} with Jazzer: whatever the bytes of an inflated
 * block (they passed a CRC, but a buggy or hostile writer made them), decoding ends and fails only
 * with a {@link MalformedBlockException} that says where. Seeds: blocks encoded from
 * {@link dev.nodescope.archive.SyntheticEvents} ({@code src/test/resources/dev/nodescope/codec/BlockDecoderFuzzTestInputs/decode/}).
 *
 * <p>A plain {@code mvn test} runs the seeds; {@code JAZZER_FUZZ=1 mvn test -Dtest=BlockDecoderFuzzTest}
 * fuzzes (run-tests does, after the suite).
 */
class BlockDecoderFuzzTest {
    private static final EventSink SINK = new EventSink() {
        @Override
        public boolean wants(Tracepoint tracepoint) {
            return true;
        }

        @Override
        public void accept(Event event) {
            event.meta();
        }

        @Override
        public void flush() {
        }
    };

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        try {
            new BlockDecoder().decode(input, input.length, SINK, Long.MIN_VALUE, Long.MAX_VALUE, new BlockDecoder.Tally());
        } catch (MalformedBlockException expected) {
            if (expected.offset() < 0 || expected.offset() > input.length) {
                throw new AssertionError("damage offset " + expected.offset() + " outside the block of " + input.length);
            }
        }
    }

    /** Writes the seed blocks (run once by hand when the encoding changes). */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        int[] sizes = {1, 30, 300};
        for (int i = 0; i < sizes.length; i++) {
            BlockEncoder enc = new BlockEncoder(1 << 16);
            dev.nodescope.archive.SyntheticEvents.mix(sizes[i], 100 + i).forEach(enc::add);
            java.nio.file.Files.write(dir.resolve("synthetic-" + sizes[i]), java.util.Arrays.copyOf(enc.rawBytes(), enc.rawSize()));
        }
    }
}
