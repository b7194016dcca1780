package dev.nodescope.archive;

import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.codec.EventCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.Cli;
import dev.nodescope.event.Event;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by an older nodescope still read, event for event, and today's encoder writes
 * the very same bytes for the same events. The archive under test/resources/.../golden was made
 * by {@link GoldenArchive} with the code of 1ae6931, before the event fields were declared once;
 * its events as JSON lines (that code's EventJson, payloads in hex) are beside it. Fields added
 * to events since then read as empty.
 *
 * <p>It is also the archive of format version 1 (deflate blocks), read since version 2 moved to
 * zstd: e0774ba, the last code to write version 1, writes it byte for byte but for the header's
 * creation time (11 bytes), so it stands for every version 1 archive. {@code archive info} and
 * {@code archive export} of it print what e0774ba printed.
 */
class OldArchivesTest {
    private static final String GOLDEN = "/dev/nodescope/archive/golden/1ae6931";

    @TempDir
    Path dir;

    private Path goldenArchive() throws Exception {
        Path file = dir.resolve("old.nsa");
        try (var in = OldArchivesTest.class.getResourceAsStream(GOLDEN + ".nsa")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static List<String> goldenJson() throws Exception {
        try (var in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(OldArchivesTest.class.getResourceAsStream(GOLDEN + "-events.jsonl.gz")), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    @Test
    void anArchiveOfTheFormerCodeReplaysToTheSameEvents() throws Exception {
        List<Event> back = ArchiveRoundTripTest.replay(ArchiveSource.builder().path(goldenArchive()).build());
        List<String> expected = goldenJson();
        assertThat(expected).hasSize(GoldenArchive.EVENTS);
        List<String> actual = SyntheticEvents.json(back);
        assertThat(actual).hasSize(expected.size());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < actual.size(); i++) {
            ObjectNode now = (ObjectNode) mapper.readTree(actual.get(i));
            JsonNode then = mapper.readTree(expected.get(i));
            // a field added since (nodescope:attached's bitcoind_version) reads as its empty value
            for (String added : now.properties().stream().map(Map.Entry::getKey).filter(k -> !then.has(k)).toList()) {
                assertThat(now.get(added).asText()).as(added + " of an event recorded before it existed").isEmpty();
                now.remove(added);
            }
            assertThat(now).as(expected.get(i)).isEqualTo(then);
        }
    }

    @Test
    void itIsAFormatVersion1ArchiveOfDeflateBlocks() throws Exception {
        byte[] bytes = OldArchivesTest.class.getResourceAsStream(GOLDEN + ".nsa").readAllBytes();
        assertThat(bytes[8]).as("the version after the magic").isEqualTo((byte) 1);
        List<Integer> codecs = new ArrayList<>();
        try (ArchiveFile f = ArchiveFile.open(goldenArchive())) {
            assertThat(f.header().formatVersion()).isEqualTo(1);
            f.readBlocks((frame, body, offset) -> codecs.add(frame.codec()), d -> {
                throw new AssertionError("damage in the golden archive: " + d);
            }, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        assertThat(codecs).hasSize(13).containsOnly(ArchiveFormat.CODEC_DEFLATE);
    }

    /** {@code archive info} prints what e0774ba printed (1ae6931-info.txt, the file's path as ARCHIVE). */
    @Test
    void archiveInfoSaysWhatTheLastDeflateWriterSaid() throws Exception {
        Path file = goldenArchive();
        Cli.Result r = Cli.run("archive", "info", file.toString());
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        String expected;
        try (var in = OldArchivesTest.class.getResourceAsStream(GOLDEN + "-info.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("ARCHIVE", file.toString());
        }
        assertThat(r.stdout()).isEqualTo(expected);
        assertThat(r.stdoutLines()).contains("Format:       nodescope archive version 1",
                "Events:       800 in 13 blocks, 52.0 bytes/event stored (63.2 before compression)", "Damage:       none");
    }

    /** {@code archive export --format jsonl --payload hex} writes what e0774ba wrote, byte for byte. */
    @Test
    void archiveExportWritesWhatTheLastDeflateWriterWrote() throws Exception {
        Cli.Result r = Cli.run("archive", "export", "--format", "jsonl", "--payload", "hex", goldenArchive().toString());
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutLines()).hasSize(GoldenArchive.EVENTS);
        assertThat(r.stdoutLines().getFirst()).isEqualTo("{\"event\":\"coin_selection:attempting_aps_create_tx\",\"node\":\"node-a\","
                + "\"pid\":4242,\"thread\":\"b-net\",\"time\":\"2025-11-29T07:06:45.001432867Z\",\"mono_ns\":5001432867,\"seq\":0,"
                + "\"wallet\":\"w\"}");
        assertThat(r.stdoutLines().getLast()).isEqualTo("{\"event\":\"utxocache:uncache\",\"node\":\"node-a\",\"pid\":5151,"
                + "\"thread\":\"b-msghand\",\"time\":\"2025-11-29T07:06:45.782611534Z\",\"mono_ns\":5782611534,\"seq\":799,"
                + "\"txid\":\"0b21c5665ec854972b239759256b6c378d8c22a249744c21c3e86e5ca508a110\",\"vout\":1,\"height\":840000,"
                + "\"value\":546,\"coinbase\":true}");
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(r.stdout().getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(sha)).as("SHA-256 of e0774ba's export")
                .isEqualTo("71dea6b82dc2abecc5278273a31d3a2bf70b89fa974738d7d44050752d91c96b");
    }

    @Test
    void todaysEncoderWritesTheSameBytesBlockForBlock() throws Exception {
        List<byte[]> raw = new ArrayList<>();
        try (ArchiveFile f = ArchiveFile.open(goldenArchive())) {
            f.readBlocks((frame, body, offset) -> {
                raw.add(Arrays.copyOf(body, frame.rawLength()));
                return true;
            }, d -> {
                throw new AssertionError("damage in the golden archive: " + d);
            }, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        assertThat(raw.size()).as("blocks").isGreaterThan(10);
        int events = 0;
        for (byte[] block : raw) {
            List<Event> decoded = new ArrayList<>();
            decoded.addAll(EventCodec.decode(block, 0, block.length));
            BlockEncoder encoder = new BlockEncoder(block.length);
            decoded.forEach(encoder::add);
            assertThat(Arrays.copyOf(encoder.rawBytes(), encoder.rawSize())).isEqualTo(block);
            events += decoded.size();
        }
        assertThat(events).isEqualTo(GoldenArchive.EVENTS);
    }
}
