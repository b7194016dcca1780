package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.TestStreams;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real BPF: the fixture fires known values, the live extractor must deliver exactly them. */
@ExtendWith(BpfAvailable.class)
class LiveSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENVELOPE = Set.of("event", "node", "pid", "thread", "time", "mono_ns", "seq");

    /** Runs the fixture with {@code lines} while a live source attached by pid collects every event. */
    static List<Event> capture(Fixture fx, LiveSource.Builder builder, String waitSpec, List<String> lines) throws Exception {
        LiveSource source = builder.pid(fx.pid()).build();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        EventStream stream = EventStream.open(source).onEvent(events::add);
        TestStreams.startAttached(stream);
        fx.send("wait-attached " + waitSpec + " 20000", "sleep 50");
        fx.send(lines);
        String done = fx.finish();
        assertThat(done).endsWith("errors=0");
        assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();
        return new ArrayList<>(events);
    }

    static List<JsonNode> fieldsOnly(List<? extends Event> events) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventJson json = new EventJson(out, true);
        events.forEach(json::write);
        json.flush();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.remove(ENVELOPE);
            nodes.add(node);
        }
        return nodes;
    }

    @Test
    void everyTracepointDeliversExactlyTheFiredValues() throws Exception {
        List<Scenario.Case> cases = Scenario.allTracepoints();
        List<Event> events;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            events = capture(fx, LiveSource.builder().payloadMax(4_000_000).node("test-node"), "all",
                    Scenario.lines(cases));
            List<TracepointEvent> tracepointEvents = events.stream().filter(e -> e instanceof TracepointEvent)
                    .map(e -> (TracepointEvent) e).toList();
            assertThat(tracepointEvents).hasSize(cases.size());
            List<JsonNode> actual = fieldsOnly(tracepointEvents);
            for (int i = 0; i < cases.size(); i++) {
                Scenario.Case c = cases.get(i);
                assertThat(actual.get(i)).as(c.line()).isEqualTo(JSON.readTree(c.expectedJson()));
                assertThat(tracepointEvents.get(i).meta().thread()).as(c.line()).isEqualTo(c.thread());
                assertThat(tracepointEvents.get(i).meta().pid()).isEqualTo((int) fx.pid());
                assertThat(tracepointEvents.get(i).meta().node()).isEqualTo("test-node");
            }
            // every tracepoint covered
            Set<Tracepoint> seen = EnumSet.noneOf(Tracepoint.class);
            tracepointEvents.forEach(e -> seen.add(e.tracepoint()));
            assertThat(seen).containsExactlyInAnyOrder(Tracepoint.values());
        }
        // envelope: attached first, detached last, seq strictly increasing, kernel time plausible
        assertThat(events.getFirst()).isInstanceOfSatisfying(Attached.class, a -> {
            assertThat(a.tracepoints()).hasSize(20);
            assertThat(a.missing()).isEmpty();
            assertThat(a.binary()).endsWith("nodescope-fixture");
        });
        assertThat(events.getLast()).isInstanceOfSatisfying(Detached.class, d -> assertThat(d.reason()).isEqualTo("process exited"));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).meta().seq()).isEqualTo(events.get(i - 1).meta().seq() + 1);
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        for (Event e : events) {
            assertThat(e.meta().epochNanos()).isBetween(now - 120_000_000_000L, now + 1_000_000_000L);
        }
        assertThat(events).noneMatch(e -> e instanceof Loss);
        // typed API spot checks
        assertThat(events).filteredOn(BlockConnected.class::isInstance).map(e -> ((BlockConnected) e).height())
                .containsExactly(870001);
        assertThat(events).filteredOn(MempoolReplaced.class::isInstance).map(e -> ((MempoolReplaced) e).replacementIsTx())
                .containsExactly(true, false);
        assertThat(events).filteredOn(NormalCreateTxInternal.class::isInstance)
                .map(e -> ((NormalCreateTxInternal) e).changePos()).containsExactly(-1);
        assertThat(events).filteredOn(OutboundConnection.class::isInstance).map(e -> ((OutboundConnection) e).addr())
                .containsExactly(Scenario.ONION_68, Scenario.HOSTNAME_200);
        assertThat(Scenario.ONION_68).hasSize(68);
    }

    @Test
    void wholeFourMegabytePayloadArrivesIntact() throws Exception {
        int size = 4_000_000;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            List<Event> events = capture(fx, LiveSource.builder().payloadMax(size).events(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE)),
                    "net:inbound_message", List.of(
                            "net:inbound_message 3 127.0.0.1:1 inbound block " + size + " pattern",
                            "net:inbound_message 3 127.0.0.1:1 inbound tx 300 pattern"));
            List<InboundMessage> msgs = events.stream().filter(InboundMessage.class::isInstance).map(InboundMessage.class::cast).toList();
            assertThat(msgs).hasSize(2);
            for (InboundMessage m : msgs) {
                assertThat(m.captured()).isEqualTo((int) m.size());
                assertThat(m.truncated()).isFalse();
                byte[] p = m.payload();
                assertThat(p).hasSize((int) m.size());
                for (int i = 0; i < p.length; i++) {
                    if (p[i] != (byte) ((i * 31 + 7) & 0xff)) {
                        throw new AssertionError("payload byte " + i + " of " + m.msgType() + " differs");
                    }
                }
            }
        }
    }

    @Test
    void payloadsAreNotCopiedUnlessAskedFor() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            List<Event> events = capture(fx, LiveSource.builder().events(EnumSet.of(Tracepoint.NET_OUTBOUND_MESSAGE)),
                    "net:outbound_message", List.of("net:outbound_message 3 127.0.0.1:1 inbound inv 37 pattern"));
            assertThat(events).filteredOn(e -> e instanceof TracepointEvent).singleElement().satisfies(e -> {
                var m = (dev.nodescope.event.OutboundMessage) e;
                assertThat(m.size()).isEqualTo(37);
                assertThat(m.captured()).isZero();
                assertThat(m.truncated()).as("nothing asked for, nothing cut").isFalse();
                assertThat(m.payload()).isNull();
            });
        }
        // asked for and cut at the limit: that is truncated
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            List<Event> events = capture(fx, LiveSource.builder().payloadMax(16).events(EnumSet.of(Tracepoint.NET_OUTBOUND_MESSAGE)),
                    "net:outbound_message", List.of("net:outbound_message 3 127.0.0.1:1 inbound inv 37 pattern"));
            assertThat(events).filteredOn(e -> e instanceof TracepointEvent).singleElement().satisfies(e -> {
                var m = (dev.nodescope.event.OutboundMessage) e;
                assertThat(m.captured()).isEqualTo(16);
                assertThat(m.truncated()).isTrue();
                assertThat(m.payload()).hasSize(16);
            });
        }
    }

    @Test
    void stringsLongerThanTheirBufferAreCutCountedAndStayValidUtf8() throws Exception {
        // 300 bytes of 3-byte characters: the 256-byte buffer holds 255 bytes, i.e. 85 whole characters
        String addr = "€".repeat(100);
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            List<Event> events = capture(fx, LiveSource.builder().events(EnumSet.of(Tracepoint.NET_INBOUND_CONNECTION)),
                    "net:inbound_connection", List.of("net:inbound_connection 1 \"" + addr + "\" inbound ipv4 1"));
            assertThat(events).filteredOn(e -> e instanceof dev.nodescope.event.InboundConnection).singleElement()
                    .satisfies(e -> assertThat(((dev.nodescope.event.InboundConnection) e).addr()).isEqualTo("€".repeat(85)));
            assertThat(events).filteredOn(e -> e instanceof Loss).singleElement().satisfies(e -> {
                Loss l = (Loss) e;
                assertThat(l.stage()).isEqualTo("truncated");
                assertThat(l.tracepoint()).isEqualTo("net:inbound_connection");
                assertThat(l.count()).isEqualTo(1);
            });
        }
    }

    @Test
    void legacyBinaryWithSevenArgumentReplacedAndMissingTracepoints() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binaryV28())) {
            List<Event> events = capture(fx, LiveSource.builder(), "all", List.of(
                    "mempool:replaced " + Scenario.TXID_A + " 141 40000 1700000456 " + Scenario.TXID_B + " 150 45000",
                    "mempool:added " + Scenario.TXID_B + " 150 45000"));
            assertThat(events.getFirst()).isInstanceOfSatisfying(Attached.class, a -> {
                assertThat(a.tracepoints()).hasSize(15);
                assertThat(a.missing()).containsExactly("net:inbound_connection", "net:outbound_connection",
                        "net:evicted_inbound_connection", "net:misbehaving_connection", "net:closed_connection");
            });
            assertThat(fieldsOnly(events.stream().filter(e -> e instanceof TracepointEvent).toList())).containsExactly(
                    JSON.readTree("{\"replaced_txid\":\"" + Scenario.TXID_A + "\",\"replaced_vsize\":141,\"replaced_fee\":40000,"
                            + "\"replaced_entry_time\":1700000456,\"replacement_id\":\"" + Scenario.TXID_B + "\",\"replacement_vsize\":150,"
                            + "\"replacement_fee\":45000,\"replacement_is_tx\":null}"),
                    JSON.readTree("{\"txid\":\"" + Scenario.TXID_B + "\",\"vsize\":150,\"fee\":45000}"));
        }
    }
}
