package dev.nodescope.p2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The 99 whole payloads a real Bitcoin Core v31.99 regtest node sent and received. */
final class RegtestMessages {
    record Message(int index, boolean inbound, String msgType, long size, byte[] payload) {
        DecodeResult decode() {
            return P2pDecoder.decode(msgType, payload, size);
        }
    }

    private static final List<Message> ALL = load();

    private RegtestMessages() {
    }

    static List<Message> all() {
        return ALL;
    }

    static List<Message> ofType(String msgType) {
        return ALL.stream().filter(m -> m.msgType().equals(msgType)).toList();
    }

    /** The decoded messages of one type, in capture order. */
    static <T extends P2pMessage> List<T> decoded(String msgType, Class<T> type) {
        return ofType(msgType).stream().map(m -> type.cast(m.decode().message())).toList();
    }

    private static List<Message> load() {
        ObjectMapper json = new ObjectMapper();
        List<Message> messages = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                RegtestMessages.class.getResourceAsStream("/demo/regtest-p2p-messages.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode m = json.readTree(line);
                messages.add(new Message(messages.size(), m.get("direction").asText().equals("inbound"), m.get("msg_type").asText(),
                        m.get("size").asLong(), HexFormat.of().parseHex(m.get("payload_hex").asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(messages);
    }
}
