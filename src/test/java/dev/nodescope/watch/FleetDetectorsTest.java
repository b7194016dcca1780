package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.PlayedEvents;
import dev.nodescope.Scenario;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Alert;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Detached;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** fleet_peer and fleet_tip_lag on hand-fed events of three nodes (n1, n2, n3): exact alert sequences, and nothing from one node. */
class FleetDetectorsTest {
    static final long M = 60 * S;
    /** Only the fleet detectors: the others would see these connections and blocks too. */
    static final String ONLY_FLEET = """
            detectors:
            %s
              fleet_peer: {%s}
              fleet_tip_lag: {%s}
              fleet_slow_block: {%s}
            """;

    static DetectorTests fleet(String peer, String tipLag) {
        return fleet(peer, tipLag, "");
    }

    static DetectorTests fleet(String peer, String tipLag, String slowBlock) {
        StringBuilder off = new StringBuilder();
        for (String name : Detectors.names()) {
            if (!name.startsWith("fleet_")) {
                off.append("  ").append(name).append(": {enabled: false}\n");
            }
        }
        return new DetectorTests(ONLY_FLEET.formatted(off.toString().stripTrailing(), peer, tipLag, slowBlock));
    }

    static EventMeta meta(String node, long t) {
        return new EventMeta(node, 42, 43, "b-msghand", t - T0 + 5 * S, t, 0);
    }

    static void inbound(DetectorTests t, String node, long at, long peer, String addr) {
        t.feed(new InboundConnection(meta(node, at), peer, addr, "inbound", Network.IPV4, 1));
    }

    static void block(DetectorTests t, String node, long at, int height) {
        t.feed(new BlockConnected(meta(node, at), Scenario.HASH, height, 1, 1, 0, 1000));
    }

    @Test
    void oneAddressOnThreeNodesFiresAndResolvesOnceTheWindowEmpties() {
        DetectorTests t = fleet("", "");
        inbound(t, "n1", T0, 1, "45.83.12.9:50001");
        inbound(t, "n2", T0 + 10 * M, 1, "45.83.12.9:50002");    // the port of an inbound peer is its own: the same address
        inbound(t, "n2", T0 + 11 * M, 2, "45.83.12.9:50003");
        t.feed(new OutboundConnection(meta("n3", T0 + 15 * M), 1, "45.83.12.9:8333", "outbound-full-relay", Network.IPV4, 1)); // another key
        inbound(t, "n3", T0 + 20 * M, 2, "45.83.12.9:50004");    // the third node: firing
        inbound(t, "n1", T0 + 30 * M, 3, "45.83.12.9:50005");    // still there: n1's last is now 30m
        // the window (1h) keeps n1 (30m) until 90m, n2 (11m) until 71m, n3 (20m) until 80m: empty at 90m
        t.clock(T0 + 95 * M);
        assertThat(t.lines()).containsExactly(
                "1200000ms fleet_peer firing warning addr:45.83.12.9 45.83.12.9 connected to 3 of the fleet's 3 nodes within 1h "
                        + "(threshold 3; 4 connections): n1, n2, n3 {nodes=3 threshold=3 connections=4 fleet_nodes=3}",
                "5400000ms fleet_peer resolved warning addr:45.83.12.9 clear for 0ms after 1h10m: 45.83.12.9 connected to 3 of the "
                        + "fleet's 3 nodes within 1h (threshold 3; 5 connections): n1, n2, n3 {nodes=3 threshold=3 connections=5 fleet_nodes=3}");
        assertThat(t.alerts).allMatch(a -> a.meta().node().equals(Subject.FLEET) && a.addr().equals("45.83.12.9"));
    }

    @Test
    void aNetgroupNeedsItsNodesAndItsAddresses() {
        DetectorTests t = fleet("netgroup_addresses: 3", "");
        inbound(t, "n1", T0, 1, "198.51.7.1:40000");
        inbound(t, "n2", T0 + S, 1, "198.51.7.2:40000");
        inbound(t, "n3", T0 + 2 * S, 1, "198.51.8.1:40000");  // three nodes, three addresses of 198.51/16: firing
        inbound(t, "n1", T0 + 3 * S, 2, "198.52.0.1:40000");  // another netgroup
        t.clock(T0 + 3602 * S);                               // every connection left the window: resolved at the tick of 1h2s
        assertThat(t.lines()).containsExactly(
                "2000ms fleet_peer firing warning netgroup:198.51.0.0/16 netgroup 198.51.0.0/16 (3 addresses) connected to 3 of the fleet's "
                        + "3 nodes within 1h (threshold 3; 3 connections): n1, n2, n3 {nodes=3 threshold=3 connections=3 fleet_nodes=3 "
                        + "addresses=3 threshold_addresses=3}",
                "3602000ms fleet_peer resolved warning netgroup:198.51.0.0/16 clear for 0ms after 1h: netgroup 198.51.0.0/16 (3 addresses) "
                        + "connected to 3 of the fleet's 3 nodes within 1h (threshold 3; 3 connections): n1, n2, n3 {nodes=3 threshold=3 "
                        + "connections=3 fleet_nodes=3 addresses=3 threshold_addresses=3}");
    }

    @Test
    void aNodeBehindTheFleetsBestForTenMinutesFiresAndResolvesWhenItCatchesUp() {
        DetectorTests t = fleet("", "");
        block(t, "n1", T0, 100);
        block(t, "n2", T0 + S, 100);
        block(t, "n3", T0 + 2 * S, 100);
        block(t, "n1", T0 + 60 * S, 101);
        block(t, "n2", T0 + 61 * S, 101);
        block(t, "n1", T0 + 120 * S, 102);     // n3 two behind n1: pending
        block(t, "n2", T0 + 121 * S, 102);
        t.clock(T0 + 720 * S);                 // ten minutes later (the tick of 12m): firing
        block(t, "n3", T0 + 750 * S, 101);     // one behind: resolved at once (clear 0)
        block(t, "n3", T0 + 751 * S, 102);
        t.feed(new Detached(meta("n2", T0 + 800 * S), "process exited"));
        assertThat(t.lines()).containsExactly(
                "120000ms fleet_tip_lag pending warning node:n3 n3 is 2 blocks behind the fleet's best: its tip at height 100, n1 at 102 "
                        + "(threshold 2, 3 nodes) {blocks_behind=2 threshold=2 height=100 best_height=102 nodes=3}",
                "720000ms fleet_tip_lag firing warning node:n3 n3 is 2 blocks behind the fleet's best: its tip at height 100, n1 at 102 "
                        + "(threshold 2, 3 nodes) {blocks_behind=2 threshold=2 height=100 best_height=102 nodes=3}",
                "750000ms fleet_tip_lag resolved warning node:n3 clear for 0ms after 10m30s: n3 is 2 blocks behind the fleet's best: its tip "
                        + "at height 100, n1 at 102 (threshold 2, 3 nodes) {blocks_behind=2 threshold=2 height=100 best_height=102 nodes=3}");
        assertThat(t.alerts).allMatch(a -> a.meta().node().equals("n3"));
    }

    @Test
    void aDetachedNodesLagResolvesAtOnce() {
        DetectorTests t = fleet("", "for: 0s");
        block(t, "n1", T0, 100);
        block(t, "n2", T0 + S, 98);
        t.feed(new Detached(meta("n2", T0 + 5 * S), "process exited"));
        block(t, "n1", T0 + 10 * S, 101);      // alone now: nothing to lag behind
        assertThat(t.lines()).containsExactly(
                "1000ms fleet_tip_lag firing warning node:n2 n2 is 2 blocks behind the fleet's best: its tip at height 98, n1 at 100 "
                        + "(threshold 2, 2 nodes) {blocks_behind=2 threshold=2 height=98 best_height=100 nodes=2}",
                "5000ms fleet_tip_lag resolved warning node:n2 nodescope detached (process exited) after 4s: n2 is 2 blocks behind the "
                        + "fleet's best: its tip at height 98, n1 at 100 (threshold 2, 2 nodes) {blocks_behind=2 threshold=2 height=98 "
                        + "best_height=100 nodes=2}");
    }

    @Test
    void oneNodeNeverRaisesFleetAlertsHoweverLowTheThresholds() {
        DetectorTests t = fleet("nodes: 1, netgroup_nodes: 1, netgroup_addresses: 1", "blocks: 1, for: 0s");
        for (int k = 0; k < 50; k++) {
            inbound(t, "n1", T0 + k * S, k, "45.83.12.9:" + (50000 + k));
            block(t, "n1", T0 + k * S + S / 2, k % 2 == 0 ? 100 + k : 90);   // its own tip jumps back and forth
        }
        t.clock(T0 + 2 * 3600 * S);
        assertThat(t.alerts).isEmpty();
    }

    @Test
    void theNodeDetectorsCountEachNodeOfAFleetApart() {
        // inbound_sybil's netgroup count is per node: six connections from one /16 to each of two nodes are not twelve to one
        DetectorTests t = new DetectorTests("detectors:\n  inbound_sybil:\n    netgroup_connections: 10\n");
        for (int k = 0; k < 6; k++) {
            inbound(t, "n1", T0 + k * S, k, "45.83.1." + k + ":40000");
            inbound(t, "n2", T0 + k * S + S / 2, k, "45.83.2." + k + ":40000");
        }
        assertThat(t.lines()).isEmpty();
        for (int k = 6; k < 10; k++) {
            inbound(t, "n2", T0 + k * S + S / 2, k, "45.83.2." + k + ":40000");
        }
        assertThat(t.lines()).containsExactly("9500ms inbound_sybil firing warning netgroup:45.83.0.0/16 10 inbound connections from netgroup "
                + "45.83.0.0/16 within 1m (threshold 10; 10 peers connected now), the last peer 9 (45.83.2.9:40000) {connections_window=10 "
                + "threshold=10 connections=10 peers_connected=10}");
        assertThat(t.alerts.getFirst().meta().node()).isEqualTo("n2");
    }

    /**
     * Three busy nodes (seeds 1, 2, 3: their own peers, crawlers, churn) as one fleet over half an
     * hour: no alert, neither fleet_peer nor a per-node detector counting the nodes together.
     * fleet_tip_lag is off: each seed mines its own chain (a block every 10-20 s, not shared), so
     * their tips drift apart as no fleet's do.
     */
    @Test
    void aBusyFleetRaisesNoAlert() throws Exception {
        List<Event> all = new ArrayList<>();
        String[] names = {"ams", "fra", "nyc"};
        for (int i = 0; i < names.length; i++) {
            all.addAll(new PlayedEvents(names[i], 4242, BusyNodeFalsePositiveTest.START)
                    .play(new BusyNodeScenario(i + 1, BusyNodeFalsePositiveTest.START / 1_000_000).lines(300_000)));
        }
        all.sort(Comparator.comparingLong(e -> e.meta().epochNanos()));
        assertThat(all.getLast().meta().epochNanos() - BusyNodeFalsePositiveTest.START).as("simulated time").isGreaterThan(1_800 * S);
        List<Alert> alerts = new ArrayList<>();
        WatchEngine engine = new WatchEngine(Rules.parse("detectors:\n  fleet_tip_lag: {enabled: false}\n", "rules.yaml"), Silences.NONE, false)
                .addListener(alerts::add);
        Set<Class<? extends Event>> read = engine.eventTypes();
        for (Event e : all) {
            if (read.contains(e.getClass())) {
                engine.accept(e);
            }
        }
        assertThat(WatchEngineTest.lines(alerts)).isEmpty();
    }

    static void block(DetectorTests t, String node, long at, String hash, int height) {
        t.feed(new BlockConnected(meta(node, at), hash, height, 1, 1, 0, 1000));
    }

    @Test
    void aNodeLateForThreeOfItsLastSixBlocksIsSlow() {
        DetectorTests t = fleet("", "enabled: false");
        // blocks every 10 minutes; nyc 40 s late for blocks 1-3 and 5, in time for 4 and 6-9
        long[] nycDelay = {40, 40, 40, 2, 40, 2, 2, 2, 2};
        for (String node : List.of("ams", "fra", "nyc")) {
            t.feed(new Attached(meta(node, T0 - S), "/usr/bin/bitcoind", 1, List.of("validation:block_connected"), List.of()));
        }
        for (int k = 0; k < nycDelay.length; k++) {
            long at = T0 + k * 600 * S;
            String hash = String.format("%064x", k + 1);
            block(t, "ams", at, hash, 101 + k);
            block(t, "fra", at + S, hash, 101 + k);
            block(t, "nyc", at + nycDelay[k] * S, hash, 101 + k);
        }
        assertThat(t.lines()).containsExactly(
                "1240000ms fleet_slow_block firing info node:nyc nyc connected 3 of its last 3 blocks more than 30s after the fleet's first "
                        + "node (threshold 3); block 103 40s after ams {slow_blocks=3 of_blocks=3 threshold=3 threshold_seconds=30 last_delay_seconds=40}",
                // blocks 1, 2, 3 leave the last six at blocks 7, 8, 9: two slow blocks left at block 8
                "4202000ms fleet_slow_block resolved info node:nyc clear for 0ms after 49m22s: nyc connected 3 of its last 6 blocks more than "
                        + "30s after the fleet's first node (threshold 3); block 107 2s after ams {slow_blocks=3 of_blocks=6 threshold=3 "
                        + "threshold_seconds=30 last_delay_seconds=2}");
    }
}
