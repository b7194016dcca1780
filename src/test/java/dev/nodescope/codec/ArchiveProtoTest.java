package dev.nodescope.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Tracepoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/archive.proto, the schema for readers in other languages, says what the Java code writes. */
class ArchiveProtoTest {
    private static final Map<String, Map<String, Integer>> MESSAGES = new HashMap<>();

    @BeforeAll
    static void parse() throws Exception {
        String proto = Files.readString(Path.of("docs/archive.proto"));
        Matcher message = Pattern.compile("message (\\w+) \\{(.*?)\\n?\\}(?=\\s*(//[^\\n]*)?\\n)", Pattern.DOTALL).matcher(proto);
        while (message.find()) {
            Map<String, Integer> fields = new HashMap<>();
            Matcher field = Pattern.compile("(\\w+) = (\\d+);").matcher(message.group(2).replaceAll("//[^\\n]*", ""));
            while (field.find()) {
                fields.put(field.group(1), Integer.parseInt(field.group(2)));
            }
            MESSAGES.put(message.group(1), fields);
        }
    }

    private static int field(String message, String name) {
        Integer n = MESSAGES.getOrDefault(message, Map.of()).get(name);
        assertThat(n).as(message + "." + name + " in docs/archive.proto").isNotNull();
        return n;
    }

    @Test
    void envelopeAndBodies() {
        assertThat(field("Record", "mono_delta")).isEqualTo(Wire.MONO_DELTA);
        assertThat(field("Record", "wall_delta")).isEqualTo(Wire.WALL_DELTA);
        assertThat(field("Record", "seq_delta")).isEqualTo(Wire.SEQ_DELTA);
        assertThat(field("Record", "pid_delta")).isEqualTo(Wire.PID_DELTA);
        assertThat(field("Record", "tid_minus_pid")).isEqualTo(Wire.TID_MINUS_PID);
        assertThat(field("Record", "thread")).isEqualTo(Wire.THREAD);
        assertThat(field("Record", "node")).isEqualTo(Wire.NODE);
        assertThat(field("Record", "string_def")).isEqualTo(Wire.STRING_DEF);
        for (Tracepoint tp : Tracepoint.values()) {
            // the oneof names are the probe names, prefixed where a bare name would be ambiguous
            String name = switch (tp.context()) {
                case "utxocache" -> tp.probeName().equals("flush") ? "flush" : "utxo_" + tp.probeName();
                case "mempool" -> "mempool_" + tp.probeName();
                default -> tp.probeName();
            };
            assertThat(field("Record", name)).as(tp.fullName()).isEqualTo(Wire.TRACEPOINT_BASE + tp.id());
        }
        assertThat(field("Record", "attached")).isEqualTo(Wire.ATTACHED);
        assertThat(field("Record", "detached")).isEqualTo(Wire.DETACHED);
        assertThat(field("Record", "loss")).isEqualTo(Wire.LOSS);
    }

    @Test
    void eventFields() {
        assertThat(field("Message", "peer_id")).isEqualTo(Wire.MSG_PEER_ID);
        assertThat(field("Message", "addr")).isEqualTo(Wire.MSG_ADDR);
        assertThat(field("Message", "conn_type")).isEqualTo(Wire.MSG_CONN_TYPE);
        assertThat(field("Message", "msg_type")).isEqualTo(Wire.MSG_TYPE);
        assertThat(field("Message", "size")).isEqualTo(Wire.MSG_SIZE);
        assertThat(field("Message", "captured")).isEqualTo(Wire.MSG_CAPTURED);
        assertThat(field("Message", "truncated")).isEqualTo(Wire.MSG_TRUNCATED);
        assertThat(field("Message", "payload")).isEqualTo(Wire.MSG_PAYLOAD);
        assertThat(field("ConnectionOpened", "network")).isEqualTo(Wire.CONN_NETWORK);
        assertThat(field("ConnectionEnded", "time_established")).isEqualTo(Wire.CONN_COUNT_OR_TIME);
        assertThat(field("Misbehaving", "reason")).isEqualTo(Wire.MISB_REASON);
        assertThat(field("BlockConnected", "hash")).isEqualTo(Wire.BLOCK_HASH);
        assertThat(field("BlockConnected", "duration_ns")).isEqualTo(Wire.BLOCK_DURATION_NS);
        assertThat(field("Flush", "for_prune")).isEqualTo(Wire.FLUSH_FOR_PRUNE);
        assertThat(field("Utxo", "coinbase")).isEqualTo(Wire.UTXO_COINBASE);
        assertThat(field("SelectedCoins", "selected_value")).isEqualTo(Wire.CS_SELECTED_VALUE);
        assertThat(field("NormalCreateTx", "change_pos")).isEqualTo(Wire.CS_CHANGE_POS);
        assertThat(field("ApsCreateTx", "change_pos")).isEqualTo(Wire.APS_CHANGE_POS);
        assertThat(field("MempoolRemoved", "entry_time")).isEqualTo(Wire.MP_REMOVED_ENTRY_TIME);
        assertThat(field("MempoolReplaced", "replacement_is_tx")).isEqualTo(Wire.RBF_REPLACEMENT_IS_TX);
        assertThat(field("MempoolRejected", "reason")).isEqualTo(Wire.MP_REASON);
        assertThat(field("Attached", "missing")).isEqualTo(Wire.ATT_MISSING);
        assertThat(field("Attached", "bitcoind_version")).isEqualTo(Wire.ATT_BITCOIND_VERSION);
        assertThat(field("Loss", "count")).isEqualTo(Wire.LOSS_COUNT);
    }
}
