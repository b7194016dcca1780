package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
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
 * The blocks and mempool page over a replay of the busy node: the blocks connected, the mempool's
 * totals and per-second counts, and the removal and rejection reasons, exact against the events
 * counted here, in the API and in the browser.
 */
class WebChainPageTest {
    @RegisterExtension
    static final ServedBusyNode served = new ServedBusyNode();

    /** What the events say: blocks in order, mempool counts, reasons. */
    record Expected(List<BlockConnected> blocks, long added, long removed, long replaced, long rejected,
                    Map<String, Long> removalReasons, Map<String, Long> rejectionReasons, Map<Long, long[]> perSecond) {
    }

    static Expected expected() {
        List<BlockConnected> blocks = new ArrayList<>();
        long[] totals = new long[4];
        Map<String, Long> removal = new TreeMap<>();
        Map<String, Long> rejection = new TreeMap<>();
        Map<Long, long[]> perSecond = new TreeMap<>();
        for (Event e : served.archive().events()) {
            int column = switch (e) {
                case BlockConnected b -> {
                    blocks.add(b);
                    yield -1;
                }
                case MempoolAdded a -> 0;
                case MempoolRemoved r -> {
                    removal.merge(r.reason(), 1L, Long::sum);
                    yield 1;
                }
                case MempoolReplaced r -> 2;
                case MempoolRejected r -> {
                    rejection.merge(r.reason(), 1L, Long::sum);
                    yield 3;
                }
                default -> -1;
            };
            if (column >= 0) {
                totals[column]++;
                perSecond.computeIfAbsent(Math.floorDiv(e.meta().epochNanos(), 1_000_000_000L), k -> new long[4])[column]++;
            }
        }
        return new Expected(blocks, totals[0], totals[1], totals[2], totals[3], removal, rejection, perSecond);
    }

    static JsonNode api() throws Exception {
        HttpResponse<String> r = served.dashboard().get("/api/view/chain");
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    static Map<String, Long> reasons(JsonNode rows) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.put(r.get("reason").asText(), r.get("count").asLong()));
        return out;
    }

    @Test
    void theApiHasEveryBlockAndTheMempoolsExactCounts() throws Exception {
        Expected e = expected();
        assertThat(e.blocks()).hasSizeGreaterThan(0);
        assertThat(e.rejectionReasons()).hasSizeGreaterThan(1);
        JsonNode c = api();
        assertThat(c.get("node").asText()).isEqualTo(BusyNodeArchive.NODE);
        assertThat(c.get("blocksConnected").asLong()).isEqualTo(e.blocks().size());
        assertThat(c.get("tip").asInt()).isEqualTo(e.blocks().getLast().height());
        List<Integer> heights = new ArrayList<>();
        c.get("blocks").forEach(b -> heights.add(b.get("height").asInt()));
        assertThat(heights).isEqualTo(e.blocks().stream().map(BlockConnected::height).toList());
        JsonNode first = c.get("blocks").get(0);
        BlockConnected b = e.blocks().getFirst();
        assertThat(first.get("connectMs").asDouble()).isEqualTo(b.durationNs() / 1e6);
        assertThat(first.get("transactions").asLong()).isEqualTo(b.transactions());
        assertThat(first.get("inputs").asInt()).isEqualTo(b.inputs());
        assertThat(first.get("sigops").asLong()).isEqualTo(b.sigops());
        assertThat(first.get("hash").asText()).isEqualTo(b.hash());
        assertThat(List.of(c.get("added").asLong(), c.get("removed").asLong(), c.get("replaced").asLong(), c.get("rejected").asLong()))
                .containsExactly(e.added(), e.removed(), e.replaced(), e.rejected());
        assertThat(e.added()).isPositive();
        assertThat(reasons(c.get("removalReasons"))).isEqualTo(e.removalReasons());
        assertThat(reasons(c.get("rejectionReasons"))).isEqualTo(e.rejectionReasons());
        // the per-second buckets: the recording fits the window, so every second is there
        Map<Long, List<Long>> served = new TreeMap<>();
        for (JsonNode bucket : c.get("mempool")) {
            served.put(bucket.get(0).asLong(), List.of(bucket.path(1).asLong(0), bucket.path(2).asLong(0), bucket.path(3).asLong(0),
                    bucket.path(4).asLong(0)));
        }
        Map<Long, List<Long>> want = new TreeMap<>();
        e.perSecond().forEach((s, v) -> want.put(s, List.of(v[0], v[1], v[2], v[3])));
        assertThat(served).isEqualTo(want);
    }

    @Test
    void theBrowserShowsTheBlocksTheCountsAndTheReasons() throws Exception {
        Expected e = expected();
        try (Browser browser = Browser.open()) {
            browser.get(served.dashboard().entryUrl()).get(served.dashboard().base() + "/#/chain");
            browser.until(d -> browser.rows("#chain-blocks").size() == Math.min(50, e.blocks().size()));
            List<String> heights = browser.rows("#chain-blocks").stream().map(r -> r.get("height")).toList();
            assertThat(heights).isEqualTo(e.blocks().reversed().stream().limit(50).map(b -> String.valueOf(b.height())).toList());
            assertThat(figure(browser, "blocks")).isEqualTo(n(e.blocks().size()));
            assertThat(figure(browser, "tip")).isEqualTo(String.valueOf(e.blocks().getLast().height()));
            assertThat(figure(browser, "added")).isEqualTo(n(e.added()));
            assertThat(figure(browser, "removed")).isEqualTo(n(e.removed()));
            assertThat(figure(browser, "replaced")).isEqualTo(n(e.replaced()));
            assertThat(figure(browser, "rejected")).isEqualTo(n(e.rejected()));
            assertThat(shown(browser, "#chain-removal-reasons")).isEqualTo(e.removalReasons());
            assertThat(shown(browser, "#chain-rejection-reasons")).isEqualTo(e.rejectionReasons());
            // most first
            long most = e.rejectionReasons().values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(browser.rows("#chain-rejection-reasons").getFirst().get("count")).isEqualTo(n(most));
            for (String chart : List.of("#chain-connect", "#chain-mempool")) {
                browser.until(d -> browser.canvasDrawn(chart));
            }
            // routed twice at the start (the hash, then the node arriving): mounted once all the same
            assertThat(browser.all("#chain-blocks")).hasSize(1);
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("chain");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aPageOpenDuringThePlayAddsTheBlocksAndSecondsAsTheyCome() throws Exception {
        Expected e = expected();
        try (DashboardHarness playing = DashboardHarness.over(ArchiveSource.builder().path(served.archive().dir()).speed(2).build(), null,
                UnaryOperator.identity(), Duration.ofMillis(200), false); Browser browser = Browser.open()) {
            browser.get(playing.entryUrl()).get(playing.base() + "/#/chain");
            browser.until(d -> !browser.rows("#chain-rejection-reasons").isEmpty());
            assertThat(playing.web().awaitSourceEnd(Duration.ZERO)).as("the page had its first answer before the play ended").isFalse();
            assertThat(playing.web().awaitSourceEnd(Duration.ofSeconds(60))).isTrue();
            browser.until(d -> browser.rows("#chain-blocks").size() == e.blocks().size());
            long mempool = e.added() + e.removed() + e.replaced() + e.rejected();
            browser.until(d -> Long.toString(mempool).equals(browser.find("#chain-mempool").getAttribute("data-total")));
            assertThat(shown(browser, "#chain-rejection-reasons")).isEqualTo(e.rejectionReasons());
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static String figure(Browser browser, String name) {
        return browser.find("#chain-figures td[data-figure=" + name + "]").getText();
    }

    private static Map<String, Long> shown(Browser browser, String table) {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, String> row : browser.rows(table)) {
            out.put(row.get("reason"), Long.parseLong(row.get("count").replace(",", "")));
        }
        return out;
    }

    private static String n(long v) {
        return String.format(Locale.US, "%,d", v);
    }
}
