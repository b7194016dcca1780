package dev.nodescope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture's play lines turned into events without the fixture give what the fixture gives through BPF (Scenario's cases). */
class PlayedEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTracepointLineGivesTheFixturesValues() throws Exception {
        PlayedEvents played = new PlayedEvents("n", 7, 1_731_542_400_000_000_000L);
        for (Scenario.Case c : Scenario.allTracepoints()) {
            played.line("thread " + c.thread());
            Event e = played.line(c.line());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventJson json = new EventJson(out, true);
            json.write(e);
            json.flush();
            ObjectNode node = (ObjectNode) JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(node.get("thread").asText()).isEqualTo(c.thread());
            node.remove(List.of("event", "node", "pid", "thread", "time", "mono_ns", "seq"));
            assertThat((JsonNode) node).as(c.line()).isEqualTo(JSON.readTree(c.expectedJson()));
        }
    }

    @Test
    void sleepMovesTheClock() {
        PlayedEvents played = new PlayedEvents("n", 7, 1_000_000_000_000L);
        Event a = played.line("net:misbehaving_connection 1 \"x\"");
        played.line("sleep 1500");
        Event b = played.line("net:misbehaving_connection 1 \"y\"");
        assertThat(b.meta().epochNanos() - a.meta().epochNanos()).isEqualTo(1_500_001_000L);
        assertThat(b.meta().seq()).isEqualTo(a.meta().seq() + 1);
    }
}
