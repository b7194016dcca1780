package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.event.Event;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The traffic page over a replay of the busy node: totals per message type and direction, per
 * connection type, the per-second series and the relay counts, exact against the events counted
 * here, in the API and in the browser.
 */
class WebTrafficPageTest {
    @RegisterExtension
    static final ServedBusyNode served = new ServedBusyNode();

    /** Messages and bytes each way. */
    record Totals(long msgsIn, long bytesIn, long msgsOut, long bytesOut) {
        Totals plus(MessageEvent m) {
            return m.inbound() ? new Totals(msgsIn + 1, bytesIn + m.size(), msgsOut, bytesOut)
                    : new Totals(msgsIn, bytesIn, msgsOut + 1, bytesOut + m.size());
        }
    }

    static List<MessageEvent> messages() {
        List<MessageEvent> out = new ArrayList<>();
        for (Event e : served.archive().events()) {
            if (e instanceof MessageEvent m) {
                out.add(m);
            }
        }
        return out;
    }

    static Map<String, Totals> expectedBy(java.util.function.Function<MessageEvent, String> key) {
        Map<String, Totals> out = new TreeMap<>();
        for (MessageEvent m : messages()) {
            out.merge(key.apply(m), new Totals(0, 0, 0, 0).plus(m), (a, b) -> a.plus(m));
        }
        return out;
    }

    static Map<String, Totals> served(JsonNode rows) {
        Map<String, Totals> out = new TreeMap<>();
        for (JsonNode r : rows) {
            out.put(r.get("name").asText(), new Totals(r.get("msgsIn").asLong(), r.get("bytesIn").asLong(), r.get("msgsOut").asLong(),
                    r.get("bytesOut").asLong()));
        }
        return out;
    }

    static JsonNode api() throws Exception {
        HttpResponse<String> r = served.dashboard().get("/api/view/traffic");
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void theApiTotalsAreExactPerMessageTypeDirectionAndConnectionType() throws Exception {
        JsonNode t = api();
        assertThat(t.get("node").asText()).isEqualTo(BusyNodeArchive.NODE);
        assertThat(t.get("whole").asBoolean()).isTrue();
        Map<String, Totals> byType = expectedBy(MessageEvent::msgType);
        assertThat(byType).hasSizeGreaterThan(10); // a busy node's mix, far below the (other) cap
        assertThat(served(t.get("typeTotals"))).isEqualTo(byType);
        assertThat(served(t.get("connTypeTotals"))).isEqualTo(expectedBy(MessageEvent::connType));
    }

    @Test
    void thePerSecondBucketsAddUpToTheEventsOfEachSecond() throws Exception {
        JsonNode t = api();
        List<MessageEvent> messages = messages();
        long first = Math.floorDiv(messages.getFirst().meta().epochNanos(), 1_000_000_000L);
        long last = Math.floorDiv(messages.getLast().meta().epochNanos(), 1_000_000_000L);
        assertThat(last - first).as("the recording fits the window, so every second is in it").isLessThan(900);
        assertThat(t.get("to").asLong()).isEqualTo(last);
        // per second, type and direction: {second -> type -> totals}
        Map<Long, Map<String, Totals>> expected = new TreeMap<>();
        for (MessageEvent m : messages) {
            expected.computeIfAbsent(Math.floorDiv(m.meta().epochNanos(), 1_000_000_000L), k -> new TreeMap<>())
                    .merge(m.msgType(), new Totals(0, 0, 0, 0).plus(m), (a, b) -> a.plus(m));
        }
        List<String> types = new ArrayList<>();
        t.get("types").forEach(n -> types.add(n.asText()));
        Map<Long, Map<String, Totals>> served = new TreeMap<>();
        for (JsonNode b : t.get("byType")) {
            Map<String, Totals> second = new TreeMap<>();
            for (int i = 0; i < types.size(); i++) {
                long[] c = new long[4];
                for (int k = 0; k < 4; k++) {
                    c[k] = b.path(1 + 4 * i + k).asLong(0);
                }
                if (c[0] + c[2] > 0) {
                    second.put(types.get(i), new Totals(c[0], c[1], c[2], c[3]));
                }
            }
            served.put(b.get(0).asLong(), second);
        }
        assertThat(served).isEqualTo(expected);
    }

    @Test
    void relayCountsInventoryEntriesAsDecoded() throws Exception {
        // each way: inv entries announced, getdata entries asked the other way, tx delivered as announced
        long[] inv = new long[2];
        long[] getdata = new long[2];
        long[] tx = new long[2];
        for (MessageEvent m : messages()) {
            int dir = m.inbound() ? 0 : 1;
            switch (m.msgType()) {
                case "inv" -> inv[dir] += items(m);
                case "getdata" -> getdata[dir] += items(m);
                case "tx" -> tx[dir]++;
                default -> {
                }
            }
        }
        JsonNode relay = api().get("relay");
        JsonNode received = relay.get("received");
        JsonNode sent = relay.get("sent");
        assertThat(inv[0]).isPositive();
        assertThat(received.get("inv").get("count").asLong()).isEqualTo(inv[0]);
        assertThat(received.get("inv").get("unit").asText()).isEqualTo("entries");
        assertThat(received.get("getdata").get("count").asLong()).isEqualTo(getdata[1]);
        assertThat(received.get("tx").get("count").asLong()).isEqualTo(tx[0]);
        assertThat(sent.get("inv").get("count").asLong()).isEqualTo(inv[1]);
        assertThat(sent.get("getdata").get("count").asLong()).isEqualTo(getdata[0]);
        assertThat(sent.get("tx").get("count").asLong()).isEqualTo(tx[1]);
        assertThat(received.get("requestedPerAnnounced").asDouble()).isEqualTo((double) getdata[1] / inv[0]);
    }

    /** Entries of an inv or getdata, decoded from its payload (the busy node's are whole). */
    private static long items(MessageEvent m) {
        DecodeResult r = m.decode();
        assertThat(r.ok()).as("%s decodes", m.msgType()).isTrue();
        return switch (r.message()) {
            case P2pMessage.Inv i -> i.items().size();
            case P2pMessage.GetData g -> g.items().size();
            default -> throw new AssertionError(r.message());
        };
    }

    @Test
    void theBrowserShowsTheTotalsAndDrawsEveryChart() throws Exception {
        Map<String, Totals> expected = expectedBy(MessageEvent::msgType);
        try (Browser browser = Browser.open()) {
            browser.get(served.dashboard().entryUrl()).get(served.dashboard().base() + "/#/traffic");
            browser.until(d -> browser.rows("#traffic-totals").size() == expected.size());
            for (Map<String, String> row : browser.rows("#traffic-totals")) {
                Totals e = expected.get(row.get("type"));
                assertThat(e).as("row of %s", row.get("type")).isNotNull();
                assertThat(row.get("msgsIn")).isEqualTo(n(e.msgsIn()));
                assertThat(row.get("bytesIn")).isEqualTo(n(e.bytesIn()));
                assertThat(row.get("msgsOut")).isEqualTo(n(e.msgsOut()));
                assertThat(row.get("bytesOut")).isEqualTo(n(e.bytesOut()));
            }
            // sorted by bytes both ways at first; a click sorts by messages received, most first
            browser.find("#traffic-totals th[data-key=msgsIn]").click();
            long most = expected.values().stream().mapToLong(Totals::msgsIn).max().orElseThrow();
            browser.until(d -> browser.rows("#traffic-totals").getFirst().get("msgsIn").equals(n(most)));
            Map<String, Totals> byConn = expectedBy(MessageEvent::connType);
            browser.until(d -> browser.rows("#traffic-conn-totals").size() == byConn.size());
            for (Map<String, String> row : browser.rows("#traffic-conn-totals")) {
                assertThat(row.get("msgsIn")).isEqualTo(n(byConn.get(row.get("connType")).msgsIn()));
            }
            List<Map<String, String>> relay = browser.rows("#traffic-relay");
            assertThat(relay).extracting(r -> r.get("direction")).containsExactly("received", "sent");
            JsonNode served = api().get("relay");
            assertThat(relay.getFirst().get("inv")).isEqualTo(n(served.get("received").get("inv").get("count").asLong()) + " entries");
            assertThat(relay.getLast().get("getdata")).isEqualTo(n(served.get("sent").get("getdata").get("count").asLong()) + " entries");
            for (String chart : List.of("#traffic-bytes-in", "#traffic-bytes-out", "#traffic-msgs-in", "#traffic-msgs-out", "#traffic-conn")) {
                browser.until(d -> browser.canvasDrawn(chart));
            }
            // routed twice at the start (the hash, then the node arriving): mounted once all the same
            assertThat(browser.all("#traffic-totals")).hasSize(1);
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("traffic");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aPageOpenDuringThePlayMergesItsIncrementalAnswersIntoExactCharts() throws Exception {
        Totals all = expectedBy(m -> "all").get("all");
        try (DashboardHarness playing = DashboardHarness.over(ArchiveSource.builder().path(served.archive().dir()).speed(2).build(), null,
                UnaryOperator.identity(), Duration.ofMillis(200), false); Browser browser = Browser.open()) {
            browser.get(playing.entryUrl()).get(playing.base() + "/#/traffic");
            browser.until(d -> !browser.rows("#traffic-totals").isEmpty());
            assertThat(playing.web().awaitSourceEnd(Duration.ZERO)).as("the page had its first answer before the play ended").isFalse();
            assertThat(playing.web().awaitSourceEnd(Duration.ofSeconds(60))).isTrue();
            // the charts hold every second of the window, merged from the answers as they came
            browser.until(d -> total(browser, "#traffic-bytes-in").equals(Long.toString(all.bytesIn())));
            browser.until(d -> total(browser, "#traffic-bytes-out").equals(Long.toString(all.bytesOut())));
            browser.until(d -> total(browser, "#traffic-msgs-in").equals(Long.toString(all.msgsIn())));
            browser.until(d -> total(browser, "#traffic-msgs-out").equals(Long.toString(all.msgsOut())));
            browser.until(d -> total(browser, "#traffic-conn").equals(Long.toString(all.bytesIn() + all.bytesOut())));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** What a chart holds, summed (the chart's data-total). */
    static String total(Browser browser, String chart) {
        return browser.find(chart).getAttribute("data-total");
    }

    private static String n(long v) {
        return String.format(Locale.US, "%,d", v);
    }
}
