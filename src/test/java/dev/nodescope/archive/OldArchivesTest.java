package dev.nodescope.archive;

import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.codec.EventCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.event.Event;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
