package dev.nodescope.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.TmuxPane;
import dev.nodescope.metrics.Scrape;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tool against a real node, checked against the node's RPC: count, metrics, record then
 * replay, monitor in a tmux pane, bench record of a node syncing and bench compare of two syncs.
 */
@Tag("real-node")
@ExtendWith(RealNodeAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealNodeToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JVM that ran its shutdown hooks (the summary, the last block written) after SIGTERM exits 128 + 15. */
    private static final int STOPPED_BY_SIGTERM = 143;

    private Path dir;

    private PrivateNetwork network;
    private RegtestNode node;
    private String miner;
    private int nextNode = 10;

    @BeforeAll
    void startNode(@TempDir Path dir) throws Exception {
        this.dir = dir;
        network = PrivateNetwork.create();
        node = RegtestNode.start(network, dir.resolve("a"), 0);
        node.rpc("createwallet", "w");
        miner = node.rpc("getnewaddress").asText();
        node.mine(101, miner);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private RegtestNode another() throws Exception {
        int index = nextNode++;
        return RegtestNode.start(network, dir.resolve("node" + index), index);
    }

    @Test
    void countCountsTheBlocksTheNodeConnected() throws Exception {
        try (RunningTool count = RunningTool.start("count", "--pid", Long.toString(node.pid()), "--format", "json")) {
            count.awaitStderr("attached", 30);
            node.mine(7, miner);
            Thread.sleep(500);
            assertThat(count.stop()).isIn(0, STOPPED_BY_SIGTERM);
            JsonNode summary = JSON.readTree(count.stdout());
            JsonNode blocks = summary.path("tracepoints").path("validation:block_connected");
            assertThat(blocks.isObject()).as("count's summary: %s; stderr: %s", count.stdout(), count.stderr()).isTrue();
            assertThat(blocks.get("hits").asLong()).isEqualTo(7);
            assertThat(blocks.get("received").asLong()).isEqualTo(7);
            assertThat(summary.get("lost").asLong()).isZero();
        }
    }

    @Test
    void metricsAgreeWithGetpeerinfoAndTheChain() throws Exception {
        try (RunningTool metrics = RunningTool.start("metrics", "--pid", Long.toString(node.pid()), "--listen", "127.0.0.1:0",
                "--no-jvm-metrics");
             RegtestNode peer = another()) {
            metrics.awaitStderr("serving metrics at ", 30);
            Matcher m = Pattern.compile("serving metrics at (\\S+)").matcher(metrics.stderr());
            assertThat(m.find()).isTrue();
            URI uri = URI.create(m.group(1));
            metrics.awaitStderr("attached", 30);
            int height = node.rpc("getblockcount").asInt();
            peer.connect(node);
            awaitHeight(peer, height);
            node.mine(1, miner); // a block connected while attached: the best-height gauge has a value
            awaitHeight(peer, height + 1);
            Thread.sleep(3000); // the peers settle (headers, pings answered), nodescope reads the rest

            Scrape scrape = Scrape.of(uri);
            JsonNode info = node.rpc("getpeerinfo").get(0);
            String transport = info.get("transport_protocol_type").asText();
            for (String direction : List.of("inbound", "outbound")) {
                JsonNode perMessage = info.get(direction.equals("inbound") ? "bytesrecv_per_msg" : "bytessent_per_msg");
                List<String> types = new ArrayList<>();
                perMessage.fieldNames().forEachRemaining(types::add);
                for (String type : types) {
                    if (type.equals("*other*")) {
                        continue;
                    }
                    double bytes = scrape.sum("nodescope_p2p_bytes_total", "direction=" + direction, "msg_type=" + type);
                    double messages = scrape.sum("nodescope_p2p_messages_total", "direction=" + direction, "msg_type=" + type);
                    assertThat(bytes + WireBytes.overhead(transport, type) * messages).as("%s %s", direction, type)
                            .isEqualTo(perMessage.get(type).asDouble());
                }
            }
            assertThat(scrape.sum("nodescope_validation_best_height")).isEqualTo(node.rpc("getblockcount").asDouble());
            assertThat(scrape.sum("nodescope_connections_opened_total", "direction=inbound")).isEqualTo(1);
            assertThat(scrape.sum("nodescope_events_lost_total")).isZero();
        }
    }

    @Test
    void aRecordingReplaysExactlyWhatLogPrintedLive() throws Exception {
        Path archive = dir.resolve("recording");
        try (LogTap live = LogTap.attach(node.pid());
             RunningTool record = RunningTool.start("record", "--pid", Long.toString(node.pid()), "--out", archive.toString())) {
            record.awaitStderr("recording into", 30);
            String destination = node.rpc("getnewaddress").asText();
            node.rpc("sendtoaddress", destination, "2");
            node.mine(3, miner);
            live.awaitCount("validation:block_connected", 3, 30);
            live.awaitQuiet(1000, 30);
            assertThat(record.stop()).isIn(0, STOPPED_BY_SIGTERM);
            live.stop();

            Cli.Result replay = Cli.run("replay", archive.toString(), "--format", "json");
            assertThat(replay.exitCode()).as(replay.stderr()).isZero();
            List<String> replayed = tracepointEvents(replay.stdoutLines());
            List<String> printed = tracepointEvents(live.lines());
            assertThat(printed).isNotEmpty();
            assertThat(replayed).isEqualTo(printed);
        }
    }

    @Test
    void theMonitorShowsAPeerOfTheRealNode() throws Exception {
        Path exit = dir.resolve("monitor-exit");
        try (TmuxPane pane = TmuxPane.start(120, 30, exit, "monitor", "--pid", Long.toString(node.pid()), "--node", "real");
             RegtestNode peer = another()) {
            pane.await(p -> p.get(0).startsWith("nodescope monitor  node real  pid " + node.pid()), "the status line", 30);
            Thread.sleep(1000); // attached: the status line comes first, the semaphores rise right after
            peer.connect(node);
            JsonNode info = node.rpc("getpeerinfo").get(0);
            Pattern row = Pattern.compile("\\s+" + info.get("id").asLong() + " in\\s+unro~ " + Pattern.quote(info.get("addr").asText()) + " .*");
            List<String> screen = pane.await(p -> p.stream().anyMatch(l -> row.matcher(l).matches()), "the peer's row", 30);
            assertThat(screen.get(1)).contains("peers 1");
            pane.keys("q");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(exit) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(exit).strip()).isEqualTo("0");
        }
    }

    @Test
    void benchRecordsEveryBlockOfASyncAndComparesTwoSyncs() throws Exception {
        int height = node.rpc("getblockcount").asInt();
        List<Path> runs = new ArrayList<>();
        for (String label : List.of("first", "second")) {
            Path csv = dir.resolve(label + ".csv");
            try (RegtestNode syncing = another();
                 RunningTool bench = RunningTool.start("bench", "record", "--pid", Long.toString(syncing.pid()), "--out",
                         csv.toString(), "--label", label, "--to-height", Integer.toString(height))) {
                bench.awaitStderr("attached", 30);
                syncing.connect(node);
                assertThat(bench.waitFor(120)).as(bench.stderr()).isZero();
            }
            List<String> rows = Files.readAllLines(csv).stream().filter(l -> l.startsWith("block,")).toList();
            assertThat(rows).hasSize(height);
            for (int h = 1; h <= height; h++) {
                String[] cells = rows.get(h - 1).split(",");
                assertThat(cells[1]).isEqualTo(Integer.toString(h));
                assertThat(cells[2]).isEqualTo(node.rpc("getblockhash", h).asText());
            }
            runs.add(csv);
        }
        Path report = dir.resolve("report.html");
        Cli.Result compare = Cli.run("bench", "compare", runs.get(0).toString(), runs.get(1).toString(), "--report",
                report.toString());
        assertThat(compare.exitCode()).as(compare.stderr()).isZero();
        assertThat(compare.stdout()).contains("first").contains("second");
        assertThat(Files.size(report)).isPositive();
    }

    private static void awaitHeight(RegtestNode syncing, int height) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (syncing.rpc("getblockcount").asInt() < height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node did not sync to height " + height + " within 120 s");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Tracepoint events as JSON without the per-stream sequence number and the timestamps: two
     * tracers attached to one node each take their own kernel timestamp of the same hit, a few
     * microseconds apart. Tool events differ by design.
     */
    private static List<String> tracepointEvents(List<String> lines) throws Exception {
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            if (!event.get("event").asText().startsWith("nodescope:")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove(List.of("seq", "time", "mono_ns"));
                events.add(event.toString());
            }
        }
        return events;
    }

}
