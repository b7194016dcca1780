package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.PlayedEvents;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.archive.IpRedactor;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page over one archive of three nodes (ams, fra, nyc): the same two blocks reach them at
 * different times (nyc never gets the second), and one address connects to all three, another to
 * two. Rows, each node's delay, and the shared addresses are exact; the watchdog raises fleet_peer.
 */
class WebFleetPageTest {
    static final long START = 1_764_662_400_000_000_000L;
    static final String H1 = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    static final String H2 = "6e0c6a3bb8c3e2b5a8c1bd1b5f1c1c8e2c9d86f1c3e8f4f3f0a7c9e0b1d2e3f4";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static List<Event> events;
    static DashboardHarness dashboard;

    /** One node's play lines: each starts at START, "sleep" moves its clock. */
    static List<Event> node(String name, String lines) {
        return new PlayedEvents(name, 4242, START).play(lines.lines().toList());
    }

    @BeforeAll
    static void serve() throws Exception {
        List<Event> all = new ArrayList<>();
        all.addAll(node("ams", """
                sleep 1000
                net:inbound_connection 1 "45.83.12.9:50001" inbound ipv4 1
                sleep 4000
                net:inbound_connection 2 "51.15.3.3:40000" inbound ipv4 1
                sleep 5000
                validation:block_connected %s 100 1 1 0 123456
                sleep 60000
                validation:block_connected %s 101 1 1 0 123456
                """.formatted(H1, H2)));
        all.addAll(node("fra", """
                sleep 2000
                net:inbound_connection 1 "45.83.12.9:50002" inbound ipv4 1
                sleep 1000
                net:inbound_connection 2 "45.83.12.9:50003" inbound ipv4 1
                sleep 7500
                validation:block_connected %s 100 1 1 0 123456
                sleep 61000
                validation:block_connected %s 101 1 1 0 123456
                sleep 8500
                net:outbound_connection 3 "88.99.1.2:8333" outbound-full-relay ipv4 1
                """.formatted(H1, H2)));
        all.addAll(node("nyc", """
                sleep 4000
                net:inbound_connection 1 "45.83.12.9:50004" inbound ipv4 1
                sleep 2000
                net:inbound_connection 2 "51.15.3.3:40001" inbound ipv4 1
                sleep 5200
                validation:block_connected %s 100 1 1 0 123456
                sleep 63800
                net:inbound_connection 3 "95.216.7.7:51000" inbound ipv4 1
                """.formatted(H1)));
        all.sort(Comparator.comparingLong(e -> e.meta().epochNanos()));
        events = all;
        BusyNodeArchive.record(dir.resolve("fleet"), "ams", events);
        dashboard = DashboardHarness.replaying(dir.resolve("fleet"), new WatchEngine(Rules.defaults(), Silences.NONE, false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** Each block's connection time per node, from the events themselves. */
    static Map<String, Map<String, Long>> connections() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Event e : events) {
            if (e instanceof BlockConnected b) {
                out.computeIfAbsent(b.hash(), h -> new LinkedHashMap<>()).put(b.meta().node(), b.meta().epochNanos());
            }
        }
        return out;
    }

    @Test
    void theApiGivesEachNodesRowEachBlocksDelaysAndTheSharedAddresses() throws Exception {
        JsonNode page = JSON.readTree(dashboard.get("/api/view/fleet").body());
        List<String> rows = new ArrayList<>();
        for (JsonNode n : page.get("nodes")) {
            rows.add(n.get("node").asText() + " " + n.get("state").asText() + " tip " + n.get("height").asInt() + " behind "
                    + n.get("behind").asInt() + " peers " + n.get("peers").asInt() + " (" + n.get("inbound").asInt() + " in)");
        }
        assertThat(rows).containsExactly("ams alive tip 101 behind 0 peers 2 (2 in)", "fra alive tip 101 behind 0 peers 3 (2 in)",
                "nyc alive tip 100 behind 1 peers 3 (3 in)");

        Map<String, Map<String, Long>> expected = connections();
        JsonNode blocks = page.get("blocks");
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).get("hash").asText()).isEqualTo(H2);   // newest first
        assertThat(blocks.get(0).get("complete").asBoolean()).isFalse(); // nyc has not connected it, and 10 minutes have not passed
        assertThat(blocks.get(1).get("hash").asText()).isEqualTo(H1);
        assertThat(blocks.get(1).get("complete").asBoolean()).isTrue();
        assertThat(blocks.get(1).get("slowest").asText()).isEqualTo("nyc");
        for (JsonNode b : blocks) {
            Map<String, Long> at = expected.get(b.get("hash").asText());
            long first = at.values().stream().min(Long::compare).orElseThrow();
            Map<String, Double> delays = new LinkedHashMap<>();
            at.forEach((node, t) -> delays.put(node, (t - first) / 1e6));
            Map<String, Double> served = new LinkedHashMap<>();
            b.get("delaysMs").fields().forEachRemaining(f -> served.put(f.getKey(), f.getValue().asDouble()));
            assertThat(served).containsExactlyEntriesOf(delays);
            long last = at.values().stream().max(Long::compare).orElseThrow();
            assertThat(b.get("spreadMs").asDouble()).isEqualTo((last - first) / 1e6);
        }
        assertThat(blocks.get(1).get("spreadMs").asDouble()).isBetween(1200.0, 1200.01); // 1.2 s, and the microsecond per played event

        assertThat(page.get("peersTotal").asInt()).isEqualTo(2);
        List<String> peers = new ArrayList<>();
        for (JsonNode p : page.get("peers")) {
            peers.add(p.get("addr").asText() + " " + p.get("nodes") + " " + p.get("connections").asLong());
        }
        assertThat(peers).containsExactly("45.83.12.9 [\"ams\",\"fra\",\"nyc\"] 4", "51.15.3.3 [\"ams\",\"nyc\"] 2");

        JsonNode alerts = JSON.readTree(dashboard.get("/api/view/alerts").body());
        List<String> open = new ArrayList<>();
        for (JsonNode a : alerts.get("open")) {
            open.add(a.get("node").asText() + " " + a.get("alert").asText() + " " + a.get("state").asText() + " " + a.get("subject").asText());
        }
        assertThat(open).containsExactly("fleet fleet_peer firing addr:45.83.12.9");
    }

    @Test
    void underRedactIpsTheSharedAddressesAndTheFleetPeerAlertShowPseudonyms() throws Exception {
        IpRedactor redactor = IpRedactor.withRandomKey();
        try (DashboardHarness redacted = DashboardHarness.over(ArchiveSource.builder().path(dir.resolve("fleet")).build(),
                new WatchEngine(Rules.defaults(), Silences.NONE, false), redactor::pseudonym, Duration.ofMillis(200), false)) {
            assertThat(redacted.web().awaitSourceEnd(Duration.ofSeconds(60))).isTrue();
            String fleet = redacted.get("/api/view/fleet").body();
            String alerts = redacted.get("/api/view/alerts").body();
            for (String addr : List.of("45.83.12.9", "51.15.3.3")) {
                assertThat(fleet).doesNotContain(addr).contains("\"addr\":\"" + redactor.pseudonym(addr) + "\"");
                assertThat(alerts).doesNotContain(addr);
            }
            assertThat(alerts).contains("\"subject\":\"addr:" + redactor.pseudonym("45.83.12.9") + "\"");
        }
    }

    @Test
    void theBrowserShowsTheNodesTheBlocksWithEachNodesDelayAndTheSharedAddresses() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.dashboardPage(dashboard.entryUrl(), "fleet");
            browser.until(d -> browser.rows("#fleet-nodes").size() == 3 && browser.rows("#fleet-blocks").size() == 2
                    && browser.rows("#fleet-peers").size() == 2);
            List<String> nodes = browser.rows("#fleet-nodes").stream()
                    .map(r -> String.join(" | ", r.get("node"), r.get("state"), r.get("tip"), r.get("behind"), r.get("peers"), r.get("losses")))
                    .toList();
            assertThat(nodes).containsExactly("ams | alive | 101 | 0 | 2 (2 in) | none", "fra | alive | 101 | 0 | 3 (2 in) | none",
                    "nyc | alive | 100 | 1 | 3 (3 in) | none");
            assertThat(browser.rows("#fleet-nodes").stream().map(r -> r.get("lastEvent")).toList()).containsExactly("10s ago", "0s ago", "5s ago");
            List<String> blocks = browser.rows("#fleet-blocks").stream()
                    .map(r -> String.join(" | ", r.get("height"), r.get("spread"), r.get("slowest"), r.get("delay-ams"), r.get("delay-fra"),
                            r.get("delay-nyc"), r.get("class")))
                    .toList();
            assertThat(blocks).containsExactly(
                    "101 | 1500 ms | fra | first | +1500 ms | … | pending",
                    "100 | 1200 ms | nyc | first | +500 ms | +1200 ms | complete");
            List<String> peers = browser.rows("#fleet-peers").stream()
                    .map(r -> String.join(" | ", r.get("addr"), r.get("nodes"), r.get("on"), r.get("connections"))).toList();
            assertThat(peers).containsExactly("45.83.12.9 | 3 | ams, fra, nyc | 4", "51.15.3.3 | 2 | ams, nyc | 2");
            assertThat(browser.find("#fleet-summary").getText()).isEqualTo("3 nodes · best tip 101 · 2 recent blocks");
            browser.screenshot("fleet");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
