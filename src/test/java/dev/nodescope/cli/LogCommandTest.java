package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real BPF through the command line: `nodescope log --format json` prints exactly the fired values. */
@ExtendWith(BpfAvailable.class)
class LogCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");

    @Test
    void jsonLinesCarryTheEnvelopeAndExactlyTheFiredValues() throws Exception {
        List<Scenario.Case> cases = Scenario.allTracepoints();
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--payload", "hex",
                    "--node", "cli-node");
            fx.send("wait-attached all 20000", "sleep 50");
            fx.send(Scenario.lines(cases));
            assertThat(fx.finish()).isEqualTo("done fired=" + cases.size() + " skipped=0 errors=0");
            Cli.Result result = Cli.finish(log, 30);
            assertThat(result.exitCode()).isZero();
            assertThat(result.stderr()).isEmpty();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : result.stdoutLines()) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines.getFirst().get("event").asText()).isEqualTo("nodescope:attached");
            assertThat(lines.getLast().get("event").asText()).isEqualTo("nodescope:detached");
            List<JsonNode> tracepointLines = lines.subList(1, lines.size() - 1);
            assertThat(tracepointLines).hasSize(cases.size());
            long seq = lines.getFirst().get("seq").asLong();
            for (int i = 0; i < cases.size(); i++) {
                ObjectNode node = (ObjectNode) tracepointLines.get(i);
                Scenario.Case c = cases.get(i);
                assertThat(node.get("event").asText()).isEqualTo(c.line().substring(0, c.line().indexOf(' ')));
                assertThat(node.get("node").asText()).isEqualTo("cli-node");
                assertThat(node.get("pid").asLong()).isEqualTo(fx.pid());
                assertThat(node.get("thread").asText()).isEqualTo(c.thread());
                assertThat(node.get("time").asText()).matches(TIME);
                assertThat(node.get("mono_ns").asLong()).isPositive();
                assertThat(node.get("seq").asLong()).isEqualTo(++seq);
                // field order of the envelope is part of the contract: it comes first
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                assertThat(names.subList(0, 7)).containsExactly("event", "node", "pid", "thread", "time", "mono_ns", "seq");
                node.remove(Set.of("event", "node", "pid", "thread", "time", "mono_ns", "seq"));
                assertThat(node).as(c.line()).isEqualTo(JSON.readTree(c.expectedJson()));
            }
        }
    }

    /** With --payload none (the default) nothing was cut: "truncated" said true for every non-empty message. */
    @Test
    void withoutPayloadsNothingIsTruncated() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--events", "net:inbound_message");
            fx.send("wait-attached net:inbound_message 20000", "sleep 50",
                    "net:inbound_message 7 127.0.0.1:50412 inbound ping 8 hex:0102030405060708");
            fx.finish();
            Cli.Result r = Cli.finish(log, 30);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdoutLines()).filteredOn(l -> l.contains("\"event\":\"net:inbound_message\"")).singleElement().asString()
                    .endsWith(",\"peer_id\":7,\"addr\":\"127.0.0.1:50412\",\"conn_type\":\"inbound\",\"msg_type\":\"ping\",\"size\":8,"
                            + "\"captured\":0,\"truncated\":false}");
        }
    }

    @Test
    void maxEventsStopsAfterExactlyThatManyTracepointEvents() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--max-events", "3",
                    "--events", "mempool:*");
            fx.send("wait-attached mempool:added 20000", "sleep 50");
            for (int i = 0; i < 10; i++) {
                fx.send("mempool:added " + Scenario.TXID_A + " " + (100 + i) + " 1000");
            }
            Cli.Result result = Cli.finish(log, 30);
            assertThat(result.exitCode()).isZero();
            List<String> events = result.stdoutLines().stream().filter(l -> l.contains("\"event\":\"mempool:added\"")).toList();
            assertThat(events).hasSize(3);
            assertThat(JSON.readTree(events.get(2)).get("vsize").asInt()).isEqualTo(102);
            fx.finish();
        }
    }

    @Test
    void decodeAddsTheDecodedPayload() throws Exception {
        String tx = DecodeCommandTest.firstTxHex();
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--decode", "--events",
                    "net:inbound_message");
            fx.send("wait-attached net:inbound_message 20000", "sleep 50",
                    "net:inbound_message 2 127.0.0.1:58336 inbound tx " + tx.length() / 2 + " hex:" + tx,
                    "net:inbound_message 2 127.0.0.1:58336 inbound tx 10 hex:0200000000");
            fx.finish();
            Cli.Result result = Cli.finish(log, 30);
            assertThat(result.exitCode()).isZero();
            List<JsonNode> messages = new ArrayList<>();
            for (String line : result.stdoutLines()) {
                JsonNode node = JSON.readTree(line);
                if (node.get("event").asText().equals("net:inbound_message")) {
                    messages.add(node);
                }
            }
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).at("/decoded/txid").asText())
                    .isEqualTo("aeb98ebcb688fc0a63aaf3cba24d98800d6acf3d0f87f1dff9b5ad671c191677");
            assertThat(messages.get(0).has("decode_error")).isFalse();
            assertThat(messages.get(0).has("payload_hex")).as("decoding does not print payloads").isFalse();
            // 10 bytes of which the last 5 are the fixture's filler: decodes what it can, says where it stopped
            assertThat(messages.get(1).get("decode_error").get("offset").asLong()).isBetween(0L, 10L);
            assertThat(messages.get(1).get("decode_error").get("reason").asText()).isNotEmpty();
        }
    }

    @Test
    void sigtermFlushesEverythingAlreadyFired() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--format", "json", "--events", "mempool:added");
            fx.send("wait-attached mempool:added 20000", "sleep 50");
            for (int i = 0; i < 5000; i++) {
                fx.send("mempool:added " + Scenario.TXID_A + " " + (i + 1) + " 1000");
            }
            fx.send("echo fired");
            fx.expectLine("fired", 30);
            // SIGTERM while the node keeps running (through the handle: Process.destroy() would also close our end of its pipes)
            log.toHandle().destroy();
            Cli.Result result = Cli.finish(log, 30);
            assertThat(result.exitCode()).isIn(0, 143);
            List<String> added = result.stdoutLines().stream().filter(l -> l.contains("\"event\":\"mempool:added\"")).toList();
            assertThat(added).hasSize(5000);
            assertThat(JSON.readTree(added.getLast()).get("vsize").asInt()).isEqualTo(5000);
            assertThat(result.stderr()).isEmpty();
        }
    }

    @Test
    void textFormatIsOneReadableLinePerEvent() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process log = Cli.start("log", "--pid", Long.toString(fx.pid()), "--events", "validation:*,net:inbound_message");
            fx.send("wait-attached validation:block_connected 20000", "wait-attached net:inbound_message", "sleep 50",
                    "validation:block_connected " + Scenario.HASH + " 870001 3012 7001 12345 123456789",
                    "net:inbound_message 7 127.0.0.1:50412 inbound ping 8 pattern");
            fx.finish();
            Cli.Result result = Cli.finish(log, 30);
            assertThat(result.exitCode()).isZero();
            List<String> lines = result.stdoutLines();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} b-msghand +validation:block_connected +height 870001 "
                    + Scenario.HASH + ", 3012 tx, 7001 inputs, 12345 sigops, 123\\.457 ms");
            assertThat(lines.get(2)).endsWith("net:inbound_message                      <- ping 8 B from peer 7 (inbound, 127.0.0.1:50412)");
            assertThat(lines.get(3)).endsWith("process exited");
        }
    }
}
