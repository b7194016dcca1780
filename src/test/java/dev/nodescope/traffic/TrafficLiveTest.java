package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.PlayedEvents;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.demo.StandInBinary;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real BPF: {@code traffic report --binary} on the stand-in node playing the busy-node scenario
 * counts exactly the scenario's P2P messages and accepted transactions, and reports what
 * {@code traffic report} of an archive of the same scenario reports, but for the times.
 */
@ExtendWith(BpfAvailable.class)
class TrafficLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "busy";
    private static final long SEED = 5;
    private static final int LINES = 6_000;
    /** What depends on when the events came (the live node plays without its sleeps), not on which came. */
    private static final List<String> TIMES = List.of("source", "start", "end", "duration_ns", "peer_hours", "messages_per_s",
            "payload_bytes_per_s", "payload_bytes_per_peer_hour");

    @Test
    void liveReportCountsExactlyTheScenariosTraffic(@TempDir Path dir) throws Exception {
        List<String> scenario = new BusyNodeScenario(SEED, BusyNodeArchive.START_EPOCH_NANOS / 1_000_000).lines(LINES);
        List<Event> events = new PlayedEvents(NODE, 4242, BusyNodeArchive.START_EPOCH_NANOS).play(scenario);
        List<Event> traffic = events.stream().filter(e -> TrafficTool.TRACEPOINTS.contains(((TracepointEvent) e).tracepoint().fullName()))
                .toList();
        // the stand-in waits for the tracepoints traffic attaches (not "all"), then plays without sleeping
        List<String> live = new ArrayList<>();
        TrafficTool.TRACEPOINTS.forEach(tp -> live.add("wait-attached " + tp + " 20000"));
        live.add("sleep 200");
        scenario.stream().filter(l -> !l.startsWith("wait-attached") && !l.startsWith("sleep")).forEach(live::add);

        Cli.Result report;
        String attached;
        try (StandInBinary standIn = StandInBinary.extract(); Fixture node = Fixture.play(standIn.path())) {
            attached = "nodescope: attached to " + standIn.path() + ", 6 tracepoints, Bitcoin Core v29 or later (all 20 tracepoints)";
            Process p = Cli.start("traffic", "report", "--binary", standIn.path().toString(), "--node", NODE, "--format", "json");
            node.send(live);
            assertThat(node.finish()).isEqualTo("done fired=" + traffic.size() + " skipped=" + (events.size() - traffic.size())
                    + " errors=0");
            // a binary is traced until stopped (its next process would be too): stop it as Ctrl-C does
            p.toHandle().destroy();
            report = Cli.finish(p, 30);
        }
        assertThat(report.exitCode()).as(report.stderr()).isIn(0, 143);
        assertThat(report.stderrLines()).containsExactly(attached); // and no losses
        JsonNode json = JSON.readTree(report.stdout());

        // messages and payload bytes per type, direction and connection type, and acceptances: the scenario's
        Map<String, long[]> expected = new TreeMap<>();
        for (Event e : traffic) {
            if (e instanceof MessageEvent m) {
                long[] c = expected.computeIfAbsent(m.msgType() + " " + (m.inbound() ? "received" : "sent") + " " + m.connType(),
                        k -> new long[2]);
                c[0]++;
                c[1] += m.size();
            }
        }
        Map<String, long[]> counted = new TreeMap<>();
        for (JsonNode r : json.path("rows")) {
            counted.put(r.path("msg_type").asText() + " " + r.path("direction").asText() + " " + r.path("conn_type").asText(),
                    new long[] {r.path("messages").asLong(), r.path("payload_bytes").asLong()});
        }
        assertThat(counted).hasSameSizeAs(expected).hasSizeGreaterThan(20);
        expected.forEach((k, c) -> assertThat(counted.get(k)).as(k).containsExactly(c));
        assertThat(json.path("accepted_txs").asLong()).isEqualTo(traffic.stream().filter(e -> e instanceof MempoolAdded).count())
                .isPositive();
        assertThat(json.path("nodes").toString()).isEqualTo("[\"" + NODE + "\"]");

        // and everything else but the times is what the report of an archive of the same scenario says
        Path archive = dir.resolve("busy");
        BusyNodeArchive.record(archive, NODE, events);
        Cli.Result recorded = Cli.run("traffic", "report", archive.toString(), "--format", "json");
        assertThat(recorded.exitCode()).as(recorded.stderr()).isZero();
        assertThat(withoutTimes(json)).isEqualTo(withoutTimes(JSON.readTree(recorded.stdout())));
    }

    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(TIMES);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }
}
