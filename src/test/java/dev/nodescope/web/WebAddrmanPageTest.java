package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.SnapshotTaker;
import dev.nodescope.archive.IpRedactor;
import dev.nodescope.node.NodeState;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcCredentials;
import dev.nodescope.rpc.StubNode;
import dev.nodescope.web.view.AddrmanView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The addrman page over the real regtest node's RPC answers, served by a stand-in RPC server on
 * loopback and polled as {@code web --rpc} polls: the grid shows the node's exact numbers of
 * filled new and tried slots (its own getaddrmaninfo's, and the getrawaddrman answer's entries),
 * and a later snapshot without five new entries behind the time slider.
 */
class WebAddrmanPageTest {
    static final String USER = "nodescope";
    static final String PASSWORD = "addrman-page-test";
    /** New-table slots ("bucket/position") taken out of the answer for the second snapshot. */
    static final int REMOVED = 5;

    @TempDir
    static Path dir;
    static StubNode node;
    static DashboardHarness dashboard;
    static int newSlots;
    static int triedSlots;

    @BeforeAll
    static void serve() throws Exception {
        node = StubNode.withRealAnswers(USER, PASSWORD);
        JsonNode info = StubNode.resource("regtest-getaddrmaninfo.json").get("all_networks");
        newSlots = info.get("new").asInt();
        triedSlots = info.get("tried").asInt();
        JsonNode raw = StubNode.resource("regtest-getrawaddrman.json");
        assertThat(raw.get("new").size()).as("getrawaddrman's new entries against getaddrmaninfo").isEqualTo(newSlots);
        assertThat(raw.get("tried").size()).isEqualTo(triedSlots);
        BusyNodeArchive archive = BusyNodeArchive.write(dir.resolve("rec"));
        // polled once at start (before the dashboard serves, as web --rpc does), then not again within the test
        dashboard = DashboardHarness.replaying(archive.dir(), null, rpc(), Duration.ofHours(1));
    }

    static RpcClient rpc() {
        return new RpcClient("127.0.0.1", node.port(), RpcCredentials.user(USER, PASSWORD.toCharArray(), "test"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static AddrmanView view(DashboardHarness h) {
        return h.dashboard().views().stream().filter(v -> v instanceof AddrmanView).map(v -> (AddrmanView) v).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGridShowsTheNodesFilledSlotsAndALaterSnapshotBehindTheSlider() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.dashboardPage(dashboard.entryUrl(), "addrman");
            browser.until(d -> "yes".equals(browser.find("#addrman-grid").getDomAttribute("data-ready")));
            assertThat(slots(browser)).containsExactly(newSlots, triedSlots);
            assertThat(browser.canvasDrawn("#addrman-grid #new")).isTrue();
            assertThat(browser.canvasDrawn("#addrman-grid #tried")).isTrue();
            assertThat(browser.find("#addrman-status").getText()).isEqualTo("1 snapshot kept (at most 30), one every 1h00m");
            assertThat(browser.find("#addrman-hint").isDisplayed()).isFalse();

            // the node forgets five new entries; the next snapshot shows them gone
            ObjectNode raw = StubNode.resource("regtest-getrawaddrman.json").deepCopy();
            ObjectNode fewer = (ObjectNode) raw.get("new");
            Iterator<String> keys = fewer.fieldNames();
            List<String> gone = new ArrayList<>();
            while (gone.size() < REMOVED) {
                gone.add(keys.next());
            }
            fewer.remove(gone);
            node.answer("getrawaddrman", raw);
            try (RpcClient rpc = rpc()) {
                view(dashboard).add(new SnapshotTaker(rpc, () -> System.currentTimeMillis() + 1000).take());
            }
            browser.until(d -> browser.find("#addrman-status").getText().startsWith("2 snapshots kept"));
            browser.until(d -> slots(browser).equals(List.of(newSlots - REMOVED, triedSlots)));
            assertThat(browser.find("#addrman-grid #summary").getText()).isEqualTo("new " + (newSlots - REMOVED) + " slots, tried "
                    + triedSlots + " slots; since the previous snapshot: 0 slots with inserted addresses, " + REMOVED
                    + " slots lost their address, 0 moved to tried");
            // back to the first snapshot with the slider
            browser.script("const s = document.querySelector('#addrman-grid #slider'); s.value = 0; s.dispatchEvent(new Event('input'));");
            assertThat(slots(browser)).containsExactly(newSlots, triedSlots);
            browser.script("const s = document.querySelector('#addrman-grid #slider'); s.value = 1; s.dispatchEvent(new Event('input'));");
            browser.screenshot("addrman");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** The filled new and tried slots the grid's summary counts (what its canvases draw). */
    @SuppressWarnings("unchecked")
    static List<Integer> slots(Browser browser) {
        Map<String, Object> s = (Map<String, Object>) browser.script("""
                const s = document.querySelector('#addrman-grid #summary');
                return { n: s.dataset.newSlots, t: s.dataset.triedSlots };""");
        return List.of(Integer.parseInt((String) s.get("n")), Integer.parseInt((String) s.get("t")));
    }

    @Test
    void keepsTheLastThirtySnapshotsTheOldestWhole() throws Exception {
        AddrmanSnapshot full;
        try (RpcClient rpc = rpc()) {
            full = new SnapshotTaker(rpc, () -> 1_000L).take();
        }
        AddrmanView view = new AddrmanView(new WebContext(new NodeState(), null, () -> 0L, UnaryOperator.identity()),
                Grouping.withoutAsmap(), Duration.ofMinutes(2));
        Feed feed = view.open(Map.of());
        JsonNode empty = new ObjectMapper().readTree(WebTool.json().writeValueAsString(feed.next()));
        assertThat(empty.get("grid").isNull()).isTrue();
        assertThat(feed.next()).as("nothing new").isNull();
        // 35 snapshots a minute apart, the same addrman each time
        for (int i = 0; i < AddrmanView.MAX_SNAPSHOTS + 5; i++) {
            long at = 60_000L * (i + 1);
            view.add(new AddrmanSnapshot(at, full.node(), full.counts(), full.peers(), full.entries()));
        }
        JsonNode page = new ObjectMapper().readTree(WebTool.json().writeValueAsString(feed.next()));
        assertThat(page.get("snapshots").asInt()).isEqualTo(AddrmanView.MAX_SNAPSHOTS);
        JsonNode frames = page.get("grid").get("frames");
        assertThat(frames).hasSize(AddrmanView.MAX_SNAPSHOTS);
        assertThat(frames.get(0).get("t").asLong()).isEqualTo(60_000L * 6);
        assertThat(frames.get(0).get("set")).hasSize(full.entries().size());
        assertThat(frames.get(1).get("set")).isEmpty();
        assertThat(frames.get(AddrmanView.MAX_SNAPSHOTS - 1).get("t").asLong()).isEqualTo(60_000L * 35);
    }

    @Test
    void underRedactIpsNoAddressLeavesTheView() throws Exception {
        AddrmanSnapshot s;
        try (RpcClient rpc = rpc()) {
            s = new SnapshotTaker(rpc, () -> 1_000L).take();
        }
        IpRedactor redactor = IpRedactor.withRandomKey();
        AddrmanView view = new AddrmanView(new WebContext(new NodeState(), null, () -> 0L, redactor::pseudonym), Grouping.withoutAsmap(),
                Duration.ofMinutes(2));
        view.add(s);
        String page = WebTool.json().writeValueAsString(view.open(Map.of()).next());
        for (var e : s.entries()) {
            assertThat(page).doesNotContain("\"" + e.endpoint() + "\"").doesNotContain("\"" + e.source() + "\"")
                    .contains("\"" + redactor.pseudonym(e.endpoint()) + "\"");
        }
    }

    @Test
    void withoutRpcThePageSaysHowToPollIt() throws Exception {
        try (DashboardHarness plain = DashboardHarness.replaying(dir.resolve("rec"), null); Browser browser = Browser.open()) {
            browser.dashboardPage(plain.entryUrl(), "addrman");
            browser.until(d -> browser.find("#addrman-hint").isDisplayed());
            assertThat(browser.find("#addrman-hint").getText()).contains("nodescope web --rpc");
            assertThat(browser.find("#addrman-status").getText()).isEqualTo("not polled");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
