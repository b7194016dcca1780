package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.event.Event;
import dev.nodescope.fleet.NatsServer;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a fleet over the same hours, read from NATS: fra1 floods, ams1 reconciles; both
 * publish their archives to a JetStream stream, and {@code traffic} reads the stream back.
 */
class TrafficFleetTest {
    @Test
    void comparesTwoNodesOfAFleetOverTheSameHours(@TempDir Path dir) throws Exception {
        NatsServer.require();
        try (NatsServer server = NatsServer.start(dir.resolve("nats"), "n1", "jetstream { store_dir: \"" + dir.resolve("js") + "\" }")) {
            for (String node : List.of("fra1", "ams1")) {
                List<Event> events = new ArrayList<>();
                TrafficRuns.play(node.equals("fra1") ? TrafficRuns.FLOOD : TrafficRuns.RECONCILE, 300, 3, 7, TrafficRuns.START_EPOCH_NANOS,
                        e -> events.add(Renamed.node(e, node)));
                BusyNodeArchive.record(dir.resolve(node), node, events);
                Cli.Result p = Cli.run("publish", "--replay", dir.resolve(node).toString(), "--nats", server.url(), "--jetstream", "FLEET");
                assertThat(p.exitCode()).as(p.stderr()).isZero();
                assertThat(p.stderr()).contains("nodescope: published ").doesNotContain("lost:");
            }
            // a JetStream backlog does not end: --duration says when the tally is complete (a few thousand events take well under it)
            Cli.Result c = Cli.finish(Cli.start("traffic", "compare", "--nats", server.url(), "--jetstream", "FLEET", "--from", "1h",
                    "--duration", "15s", "@fra1", "@ams1"), 90);
            assertThat(c.exitCode()).as(c.stderr()).isZero();
            assertThat(c.stdout()).contains("(paired: same hours,");
            assertThat(c.stdoutLines()).anyMatch(l -> l.startsWith(" inv ") && l.endsWith("  less"))
                    .anyMatch(l -> l.startsWith(" tx ") && l.contains(" 1.000        [1.000, 1.000]  no significant difference"))
                    .anyMatch(l -> l.startsWith(" tx relay per accepted tx ") && l.contains(" 2531.0 ") && l.endsWith("  less"));

            Cli.Result r = Cli.finish(Cli.start("traffic", "report", "--nats", server.url(), "--jetstream", "FLEET", "--from", "1h",
                    "--nodes", "fra1", "--duration", "10s", "--format", "json"), 90);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            JsonNode j = new ObjectMapper().readTree(r.stdout());
            assertThat(j.path("nodes").toString()).isEqualTo("[\"fra1\"]");
            assertThat(j.path("tx_relay").path("per_accepted_tx").path("payload_bytes").asDouble()).isEqualTo(1619.0);
            long txs = Arrays.stream(TrafficRuns.txsPerSecond(300, 3, 7)).sum();
            assertThat(j.path("accepted_txs").asLong()).isEqualTo(txs);
        }
    }
}
