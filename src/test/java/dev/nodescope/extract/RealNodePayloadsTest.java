package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.event.Event;
import dev.nodescope.hex.Hex;
import dev.nodescope.event.MessageEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 99 whole P2P payloads a real Bitcoin Core node (v31.99, regtest) passed to its
 * net:*_message tracepoints, fired again with the same arguments: nodescope must hand back the
 * same peer ids, addresses, connection and message types, sizes and bytes.
 */
@ExtendWith(BpfAvailable.class)
class RealNodePayloadsTest {
    @Test
    void realPayloadsComeBackByteForByte() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> recorded = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                RealNodePayloadsTest.class.getResourceAsStream("/demo/regtest-p2p-messages.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                recorded.add(json.readTree(line));
            }
        }
        assertThat(recorded).hasSize(99);
        List<String> lines = new ArrayList<>();
        for (JsonNode m : recorded) {
            String hex = m.get("payload_hex").asText();
            lines.add("net:" + m.get("direction").asText() + "_message " + m.get("peer_id").asLong() + " " + m.get("addr").asText()
                    + " " + m.get("conn_type").asText() + " " + m.get("msg_type").asText() + " " + m.get("size").asLong() + " "
                    + (hex.isEmpty() ? "zero" : "hex:" + hex));
        }
        List<Event> events;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            events = LiveSourceTest.capture(fx, LiveSource.builder().payloadMax(4_000_000), "net:inbound_message", lines);
        }
        List<MessageEvent> messages = events.stream().filter(MessageEvent.class::isInstance).map(MessageEvent.class::cast).toList();
        assertThat(messages).hasSize(recorded.size());
        for (int i = 0; i < recorded.size(); i++) {
            JsonNode m = recorded.get(i);
            MessageEvent e = messages.get(i);
            assertThat(e.inbound()).isEqualTo(m.get("direction").asText().equals("inbound"));
            assertThat(e.peerId()).isEqualTo(m.get("peer_id").asLong());
            assertThat(e.addr()).isEqualTo(m.get("addr").asText());
            assertThat(e.connType()).isEqualTo(m.get("conn_type").asText());
            assertThat(e.msgType()).isEqualTo(m.get("msg_type").asText());
            assertThat(e.size()).isEqualTo(m.get("size").asLong());
            assertThat(e.truncated()).isFalse();
            assertThat(e.payload() == null ? "" : Hex.encode(e.payload())).as("payload %d (%s)", i, e.msgType())
                    .isEqualTo(m.get("payload_hex").asText());
        }
    }
}
