package dev.nodescope.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodescope.TestStreams;
import dev.nodescope.event.Alert;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nodescope watch} with its default rules against a real bitcoind that scripted peers
 * attack over loopback: an addr flood (1000 addresses per message), a ping flood and an oversized
 * addr each raise their alert about that peer, and addr_flood's processed and rate-limited counts
 * equal the node's own getpeerinfo {@code addr_processed} and {@code addr_rate_limited}, exactly.
 * The engine runs in the test's JVM on a live source with watch's payload limit (64 KiB), so the
 * test knows when the programs are attached and reads the alerts as events.
 */
@Tag("real-node")
@ExtendWith(RealNodeAvailable.class)
class RealNodeWatchTest {
    /** The defaults, with misbehaving's alert per peer on: Core's verdict on the oversized addr shows as its own alert. */
    private static final List<dev.nodescope.watch.Settings> PER_PEER_RULES = Rules.parse("detectors:\n  misbehaving:\n    per_peer: 1\n",
            "rules");

    /** cli.WatchOptions.PAYLOAD_MAX: what `watch` copies of each payload. */
    private static final int PAYLOAD_MAX = 65_536;
    private static final int FLOOD_MESSAGES = 5;

    @Test
    void floodsRaiseTheirAlertsAndAddrFloodCountsWhatTheNodeCounted(@TempDir Path dir) throws Exception {
        try (PrivateNetwork network = PrivateNetwork.create();
             RegtestNode node = RegtestNode.start(network, dir.resolve("a"), 0)) {
            List<Alert> alerts = new CopyOnWriteArrayList<>();
            LiveSource source = LiveSource.builder().pid(node.pid()).payloadMax(PAYLOAD_MAX).node("regtest").build();
            EventStream stream = EventStream.open(source);
            new WatchEngine(PER_PEER_RULES, Silences.parse(List.of(), Detectors.names()), true).addListener(alerts::add).register(stream);
            TestStreams.startAttached(stream);

            JsonNode flooder;
            try (ScriptedPeer.Driver peer = new ScriptedPeer.Driver(network, node.p2pPort())) {
                peer.run("handshake");
                for (int i = 0; i < FLOOD_MESSAGES; i++) {
                    if (i == FLOOD_MESSAGES - 1) {
                        Thread.sleep(15_000); // the bucket refills 1.5 tokens: one more address processed
                    }
                    peer.run("addr 1000 " + i * 1000);
                }
                peer.run("sync");
                flooder = onlyPeer(node);
                peer.run("close");
            }
            JsonNode pinger;
            try (ScriptedPeer.Driver peer = new ScriptedPeer.Driver(network, node.p2pPort())) {
                peer.run("handshake");
                peer.run("ping 100");
                peer.run("sync");
                pinger = onlyPeer(node);
                peer.run("close");
            }
            JsonNode oversizer;
            try (ScriptedPeer.Driver peer = new ScriptedPeer.Driver(network, node.p2pPort())) {
                peer.run("handshake");
                peer.run("sync");
                oversizer = onlyPeer(node);
                peer.run("addr 1001");
                awaitNoPeers(node); // Core discourages and disconnects it
            }
            awaitAlerts(alerts, 8);
            source.stop();
            assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

            String report = "node: flooder " + flooder + ", pinger " + pinger + ", oversizer " + oversizer + "; alerts: " + alerts;
            // the flood: firing at its first message, resolved when the peer left, with the counts of its last message
            Alert floodFiring = find(alerts, "addr_flood", "firing", flooder);
            Alert floodResolved = find(alerts, "addr_flood", "resolved", flooder);
            assertThat(floodFiring).as(report).isNotNull();
            assertThat(floodResolved).as(report).isNotNull();
            assertThat(floodFiring.severity().jsonName()).isEqualTo("warning");
            assertThat(floodFiring.addr()).isEqualTo(flooder.get("addr").asText());
            var counts = floodResolved.evidence();
            assertThat(counts.get("announced")).as(report).isEqualTo(1000.0 * FLOOD_MESSAGES);
            assertThat(counts.get("rate_limited")).as(report).isEqualTo(flooder.get("addr_rate_limited").asDouble());
            assertThat(counts.get("processed")).as(report).isEqualTo(flooder.get("addr_processed").asDouble());
            assertThat(counts.get("exact")).as(report).isEqualTo(1);
            assertThat(flooder.get("addr_processed").asLong()).as(report).isEqualTo(2);
            System.out.println("addr flood: node addr_processed=" + flooder.get("addr_processed") + " addr_rate_limited="
                    + flooder.get("addr_rate_limited") + "; nodescope processed=" + Math.round(counts.get("processed")) + " rate_limited="
                    + Math.round(counts.get("rate_limited")));

            Alert ping = find(alerts, "ping_flood", "firing", pinger);
            assertThat(ping).as(report).isNotNull();
            assertThat(ping.evidence().get("pings_window")).as(report).isEqualTo(60);
            assertThat(find(alerts, "ping_flood", "resolved", pinger)).as(report).isNotNull();

            Alert oversized = find(alerts, "addr_oversized", "firing", oversizer);
            assertThat(oversized).as(report).isNotNull();
            assertThat(oversized.severity().jsonName()).isEqualTo("critical");
            assertThat(oversized.evidence().get("addresses")).isEqualTo(1001);
            assertThat(oversized.summary()).contains("punishes the peer as misbehaving");
            // Core's verdict on the same message
            Alert misbehaving = find(alerts, "misbehaving", "firing", oversizer);
            assertThat(misbehaving).as(report).isNotNull();
            assertThat(misbehaving.summary()).contains("addr message size = 1001");
            assertThat(find(alerts, "addr_oversized", "resolved", oversizer)).as(report).isNotNull();
        }
    }

    /**
     * The node's getaddr to an outbound peer makes room for one full answer (+1000 tokens): the node
     * dials a scripted peer (a manual connection), which answers with three messages of 1000.
     */
    @Test
    void aGetaddrToAnOutboundPeerIsCountedAsTheNodeCountsIt(@TempDir Path dir) throws Exception {
        try (PrivateNetwork network = PrivateNetwork.create();
             RegtestNode node = RegtestNode.start(network, dir.resolve("b"), 1)) {
            List<Alert> alerts = new CopyOnWriteArrayList<>();
            LiveSource source = LiveSource.builder().pid(node.pid()).payloadMax(PAYLOAD_MAX).node("regtest").build();
            EventStream stream = EventStream.open(source);
            new WatchEngine(PER_PEER_RULES, Silences.parse(List.of(), Detectors.names()), true).addListener(alerts::add).register(stream);
            TestStreams.startAttached(stream);

            JsonNode answered;
            int port = 19500;
            try (ScriptedPeer.Driver peer = ScriptedPeer.Driver.listening(network, port)) {
                node.rpc("addnode", "127.0.0.1:" + port, "onetry", false); // v1 transport: the scripted peer speaks no BIP324
                peer.run("handshake");
                peer.run("sync"); // the node's getaddr went out on our version: the bucket holds 1001
                for (int i = 0; i < 3; i++) {
                    peer.run("addr 1000 " + i * 1000);
                }
                peer.run("sync");
                answered = onlyPeer(node);
                peer.run("close");
            }
            awaitAlerts(alerts, 2);
            source.stop();
            assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();

            String report = "node: " + answered + "; alerts: " + alerts;
            assertThat(answered.get("connection_type").asText()).isEqualTo("manual");
            Alert resolved = find(alerts, "addr_flood", "resolved", answered);
            assertThat(resolved).as(report).isNotNull();
            var counts = resolved.evidence();
            assertThat(counts.get("announced")).as(report).isEqualTo(3000);
            assertThat(counts.get("rate_limited")).as(report).isEqualTo(answered.get("addr_rate_limited").asDouble());
            assertThat(counts.get("processed")).as(report).isEqualTo(answered.get("addr_processed").asDouble());
            // the answer passed whole, then one token was left
            assertThat(answered.get("addr_processed").asLong()).as(report).isEqualTo(1001);
            System.out.println("getaddr answer: node addr_processed=" + answered.get("addr_processed") + " addr_rate_limited="
                    + answered.get("addr_rate_limited") + "; nodescope processed=" + Math.round(counts.get("processed")) + " rate_limited="
                    + Math.round(counts.get("rate_limited")));
        }
    }

    /** The node's one peer (the scripted one) as getpeerinfo shows it. */
    private static JsonNode onlyPeer(RegtestNode node) throws Exception {
        JsonNode peers = node.rpc("getpeerinfo");
        assertThat(peers.size()).as("getpeerinfo: %s", peers).isEqualTo(1);
        return peers.get(0);
    }

    private static void awaitNoPeers(RegtestNode node) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (node.rpc("getpeerinfo").size() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node kept the peer that sent an oversized addr");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the engine raised at least {@code n} alerts. */
    private static void awaitAlerts(List<Alert> alerts, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (alerts.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static Alert find(List<Alert> alerts, String alert, String state, JsonNode peer) {
        for (Alert a : alerts) {
            if (a.alert().equals(alert) && a.state().jsonName().equals(state) && a.subject().equals("peer:" + peer.get("id").asLong())) {
                return a;
            }
        }
        return null;
    }
}
