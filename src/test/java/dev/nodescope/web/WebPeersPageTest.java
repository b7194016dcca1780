package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Event;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.node.NodeState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The peers page and the dashboard's access rules, over a replay of the busy-node scenario:
 * the rows a person sees are the scenario's peers with their exact message counts.
 */
class WebPeersPageTest {
    @RegisterExtension
    static final ServedBusyNode served = new ServedBusyNode();

    /** A peer as counted from the events themselves. */
    record Expected(long id, String connType, long msgsIn, long msgsOut, long bytesIn, long bytesOut, String state) {
    }

    /** The peers the page should list: open ones, and those that ended within the grace period before the last event. */
    static Map<Long, Expected> expected() {
        Map<Long, long[]> counts = new TreeMap<>();
        Map<Long, String> types = new TreeMap<>();
        Map<Long, Long> endedAt = new TreeMap<>();
        Map<Long, String> endState = new TreeMap<>();
        long last = 0;
        for (Event e : served.archive().events()) {
            if (e instanceof TracepointEvent) {
                last = Math.max(last, e.meta().epochNanos());
            }
            switch (e) {
                case ConnectionOpened o -> {
                    types.put(o.peerId(), o.connType());
                    counts.putIfAbsent(o.peerId(), new long[4]);
                    endedAt.remove(o.peerId());
                }
                case MessageEvent m -> {
                    long[] c = counts.computeIfAbsent(m.peerId(), k -> new long[4]);
                    types.putIfAbsent(m.peerId(), m.connType());
                    int i = m.inbound() ? 0 : 1;
                    c[i]++;
                    c[i + 2] += m.size();
                }
                case ConnectionEnded c -> {
                    endedAt.put(c.peerId(), c.meta().epochNanos());
                    endState.put(c.peerId(), c instanceof dev.nodescope.event.EvictedInboundConnection ? "evicted" : "closed");
                }
                default -> {
                }
            }
        }
        Map<Long, Expected> shown = new TreeMap<>();
        for (Map.Entry<Long, long[]> p : counts.entrySet()) {
            Long end = endedAt.get(p.getKey());
            if (end != null && last - end > NodeState.GRACE_NANOS) {
                continue;
            }
            long[] c = p.getValue();
            shown.put(p.getKey(), new Expected(p.getKey(), types.get(p.getKey()), c[0], c[1], c[2], c[3],
                    end == null ? "open" : endState.get(p.getKey())));
        }
        return shown;
    }

    @Test
    void theApiListsTheScenariosPeersWithTheirExactCounts() throws Exception {
        Map<Long, Expected> expected = expected();
        assertThat(expected).hasSizeGreaterThan(8); // the scenario has a busy node's peers, some gone within the grace period
        HttpResponse<String> r = served.dashboard().get("/api/view/peers");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = new ObjectMapper().readTree(r.body());
        assertThat(page.get("node").asText()).isEqualTo(BusyNodeArchive.NODE);
        Map<Long, Expected> served = new TreeMap<>();
        for (JsonNode p : page.get("peers")) {
            served.put(p.get("id").asLong(), new Expected(p.get("id").asLong(), p.get("connType").asText(), p.get("msgsIn").asLong(),
                    p.get("msgsOut").asLong(), p.get("bytesIn").asLong(), p.get("bytesOut").asLong(), p.get("state").asText()));
        }
        assertThat(served).isEqualTo(expected);
    }

    @Test
    void theBrowserShowsEveryPeerRowWithItsCounts() throws Exception {
        Map<Long, Expected> expected = expected();
        try (Browser browser = Browser.open()) {
            browser.get(served.dashboard().entryUrl());
            // the token left the address bar: a cookie carries it now
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(served.dashboard().base() + "/");
            browser.until(d -> browser.rows("#peers-table").size() == expected.size());
            for (Map<String, String> row : browser.rows("#peers-table")) {
                Expected e = expected.get(Long.parseLong(row.get("peerId")));
                assertThat(e).as("row of peer %s", row.get("peerId")).isNotNull();
                assertThat(row.get("connType")).isEqualTo(e.connType());
                assertThat(row.get("msgsIn")).isEqualTo(String.format(Locale.US, "%,d", e.msgsIn()));
                assertThat(row.get("msgsOut")).isEqualTo(String.format(Locale.US, "%,d", e.msgsOut()));
                assertThat(row.get("class")).contains(e.state());
            }
            long open = expected.values().stream().filter(e -> e.state().equals("open")).count();
            assertThat(browser.find("#peers-summary").getText()).startsWith(BusyNodeArchive.NODE + " · " + open + " open");
            // sorting by messages received, most first
            browser.click("#peers-table th[data-key=msgsIn]");
            long most = expected.values().stream().mapToLong(Expected::msgsIn).max().orElseThrow();
            browser.until(d -> browser.rows("#peers-table").getFirst().get("msgsIn").equals(String.format(Locale.US, "%,d", most)));
            // filtering to the inbound peers
            browser.find("#peers-filter").sendKeys("inbound");
            long inbound = expected.values().stream().filter(e -> e.connType().equals("inbound")).count();
            browser.until(d -> browser.rows("#peers-table").size() == inbound);
            browser.screenshot("peers");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void everyRequestNeedsTheToken() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String path : List.of("/", "/api/view/peers", "/assets/app.js", "/webjars/uplot/1.6.30/dist/uPlot.esm.js")) {
                HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(served.dashboard().base() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.body()).contains("token");
            }
            HttpResponse<String> wrong = http.send(java.net.http.HttpRequest.newBuilder(URI.create(served.dashboard().base() + "/api/view/peers"))
                    .header("Authorization", "Bearer wrong-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            // a WebSocket without the token is refused at the upgrade
            assertThat(upgradeStatus(http, Map.of())).isEqualTo(401);
            // with the token but from another origin (a page elsewhere trying to read the node): refused
            assertThat(upgradeStatus(http, Map.of("Authorization", "Bearer " + DashboardHarness.TOKEN_VALUE,
                    "Origin", "http://evil.example"))).isEqualTo(403);
        }
        HttpResponse<String> ok = served.dashboard().get("/");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Security-Policy")).hasValue(WebServer.CONTENT_SECURITY_POLICY);
        assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.dashboard().get("/api/view/nope").statusCode()).isEqualTo(404);
    }

    private int upgradeStatus(HttpClient http, Map<String, String> headers) {
        WebSocket.Builder b = http.newWebSocketBuilder();
        headers.forEach(b::header);
        try {
            b.buildAsync(URI.create("ws://127.0.0.1:" + served.dashboard().web().port() + "/ws"), new WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }
}
