package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.event.ConnectionEnded;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Event;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.web.view.PeerView;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The peer page over a replay of the busy-node scenario: the diagram shows exactly the chosen
 * peer's messages, in order and direction as the events have them, with a ping tied to its pong.
 */
class WebPeerPageTest {
    @TempDir
    static Path dir;
    static BusyNodeArchive archive;
    static DashboardHarness dashboard;
    /** The peer with the most varied conversation, still connected at the end, and what it said, in order. */
    static long peerId;
    static ConnectionOpened opened;
    static List<MessageEvent> conversation;
    /** The still-connected peer with the most idle spells (a block-relay-only peer is quiet between blocks). */
    static List<MessageEvent> quiet;

    @BeforeAll
    static void serve() throws Exception {
        archive = BusyNodeArchive.write(dir.resolve("rec"));
        dashboard = DashboardHarness.replaying(archive.dir(), null);
        Map<Long, List<MessageEvent>> byPeer = new TreeMap<>();
        Map<Long, ConnectionOpened> opens = new HashMap<>();
        Set<Long> ended = new HashSet<>();
        for (Event e : archive.events()) {
            switch (e) {
                case MessageEvent m -> byPeer.computeIfAbsent(m.peerId(), k -> new ArrayList<>()).add(m);
                case ConnectionOpened o -> opens.put(o.peerId(), o);
                case ConnectionEnded c -> ended.add(c.peerId());
                default -> {
                }
            }
        }
        long best = -1;
        for (Map.Entry<Long, List<MessageEvent>> p : byPeer.entrySet()) {
            if (!ended.contains(p.getKey()) && opens.containsKey(p.getKey())
                    && (best < 0 || variety(p.getValue()) > variety(byPeer.get(best))
                    || variety(p.getValue()) == variety(byPeer.get(best)) && p.getValue().size() > byPeer.get(best).size())) {
                best = p.getKey();
            }
        }
        List<MessageEvent> quietest = List.of();
        for (Map.Entry<Long, List<MessageEvent>> p : byPeer.entrySet()) {
            if (!ended.contains(p.getKey()) && idleGaps(p.getValue()) > idleGaps(quietest)) {
                quietest = p.getValue();
            }
        }
        quiet = quietest;
        peerId = best;
        opened = opens.get(best);
        conversation = byPeer.get(best);
        assertThat(variety(conversation)).as("peer %s's conversation", peerId).isGreaterThanOrEqualTo(25);
    }

    /** How many kinds of message (type and direction) a conversation has. */
    private static int variety(List<MessageEvent> messages) {
        Set<String> kinds = new HashSet<>();
        messages.forEach(m -> kinds.add(m.inbound() + m.msgType()));
        return kinds.size();
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static List<String> expectedOrder() {
        return expectedOrder(conversation);
    }

    /** "in ping" per message, the last {@link PeerView#HISTORY} of them (what the server keeps). */
    private static List<String> expectedOrder(List<MessageEvent> conversation) {
        List<String> all = conversation.stream().map(m -> (m.inbound() ? "in " : "out ") + m.msgType()).toList();
        return all.subList(Math.max(0, all.size() - PeerView.HISTORY), all.size());
    }

    /**
     * A pong and its ping, by message number (1 = the peer's first): the last pong answering a ping of
     * ours, found as the latest earlier ping the other way with the same nonce bytes.
     */
    private static long[] pingPong() {
        for (int j = conversation.size() - 1; j >= 0; j--) {
            MessageEvent pong = conversation.get(j);
            if (!pong.msgType().equals("pong") || !pong.inbound()) {
                continue;
            }
            for (int i = j - 1; i >= 0; i--) {
                MessageEvent ping = conversation.get(i);
                if (ping.msgType().equals("ping") && !ping.inbound() && Arrays.equals(ping.payload(), pong.payload())) {
                    return new long[] {i + 1, j + 1};
                }
            }
        }
        throw new AssertionError("peer " + peerId + " never answered a ping of ours");
    }

    @Test
    void theApiGivesThePeerAndItsConversationWithRepliesTied() throws Exception {
        HttpResponse<String> r = dashboard.get("/api/view/peer?node=" + BusyNodeArchive.NODE + "&id=" + peerId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode c = new ObjectMapper().readTree(r.body());
        assertThat(c.get("node").asText()).isEqualTo(BusyNodeArchive.NODE);
        assertThat(c.get("first").asBoolean()).isTrue();
        assertThat(c.get("cap").asInt()).isEqualTo(PeerView.HISTORY);
        JsonNode peer = c.get("peer");
        assertThat(peer.get("id").asLong()).isEqualTo(peerId);
        assertThat(peer.get("connType").asText()).isEqualTo(opened.connType());
        assertThat(peer.get("network").asText()).isEqualTo(opened.network().jsonName());
        assertThat(peer.get("addr").asText()).isEqualTo(opened.addr());
        assertThat(peer.get("direction").asText()).isEqualTo(opened.connType().equals("inbound") ? "inbound" : "outbound");
        assertThat(peer.get("state").asText()).isEqualTo("open");
        assertThat(peer.get("msgsIn").asLong()).isEqualTo(conversation.stream().filter(MessageEvent::inbound).count());

        List<String> order = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        Map<Long, JsonNode> bySeq = new HashMap<>();
        for (JsonNode m : c.get("messages")) {
            order.add(m.get("dir").asText() + " " + m.get("type").asText());
            seqs.add(m.get("seq").asLong());
            bySeq.put(m.get("seq").asLong(), m);
        }
        assertThat(order).isEqualTo(expectedOrder());
        assertThat(c.get("skipped").asLong()).isEqualTo(conversation.size() - expectedOrder().size());
        assertThat(seqs.getLast()).isEqualTo(conversation.size());
        assertThat(bySeq.get(1L).get("t").asLong()).isEqualTo(conversation.getFirst().meta().epochNanos());
        assertThat(bySeq.get(1L).get("size").asLong()).isEqualTo(conversation.getFirst().size());

        long[] pair = pingPong();
        JsonNode pong = bySeq.get(pair[1]);
        assertThat(pong.get("partner").asLong()).isEqualTo(pair[0]);
        long nonce = ByteBuffer.wrap(conversation.get((int) pair[1] - 1).payload()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(pong.get("summary").asText()).isEqualTo(String.format(Locale.ROOT, "nonce %016x", nonce));
        assertThat(bySeq.get(pair[0]).get("partner").isNull()).isTrue(); // a request names no partner: its replies name it
        // the handshake: the peer's verack acknowledges our version
        long ourVersion = seqOf(false, "version");
        assertThat(bySeq.get(seqOf(true, "verack")).get("partner").asLong()).isEqualTo(ourVersion);
        // settings are nobody's reply
        assertThat(bySeq.get(seqOf(true, "sendcmpct")).get("partner").isNull()).isTrue();
        assertThat(bySeq.get(seqOf(true, "feefilter")).get("partner").isNull()).isTrue();
    }

    private static long seqOf(boolean inbound, String type) {
        for (int i = 0; i < conversation.size(); i++) {
            if (conversation.get(i).inbound() == inbound && conversation.get(i).msgType().equals(type)) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + type + (inbound ? " from" : " to") + " peer " + peerId);
    }

    @Test
    void aWrongPeerIdIsABadRequestWithItsReason() throws Exception {
        assertBad("/api/view/peer?id=abc", "a peer id is a whole number, not 'abc'");
        assertBad("/api/view/peer", "the peer page needs a peer id (id=N, as the peers page lists them)");
        assertBad("/api/view/peer?id=-3", "a peer id is not negative (-3)");
        assertBad("/api/view/peer?id=999999", "no peer 999999 on node busy: never seen, or gone for more than 30 s");
        assertBad("/api/view/peer?node=elsewhere&id=1", "no node named 'elsewhere'");
    }

    private static void assertBad(String path, String reason) throws Exception {
        HttpResponse<String> r = dashboard.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo(reason);
    }

    @Test
    void theDiagramShowsThePeersMessagesInOrderWithAPingTiedToItsPong() throws Exception {
        List<String> expected = expectedOrder();
        long[] pair = pingPong();
        try (Browser browser = Browser.open()) {
            browser.get(dashboard.entryUrl());
            // from the peers page, as a person gets there: a click on the peer's row
            browser.click("#peers-table tr[data-peer-id='" + peerId + "']");
            browser.until(d -> d.getCurrentUrl().endsWith("#/peer/" + BusyNodeArchive.NODE + "/" + peerId));
            browser.until(d -> arrows(browser).size() == expected.size());
            List<Map<String, String>> arrows = arrows(browser);
            assertThat(arrows.stream().map(a -> a.get("dir") + " " + a.get("type")).toList()).isEqualTo(expected);
            assertThat(arrows.getLast().get("seq")).isEqualTo(String.valueOf(conversation.size()));
            assertThat(browser.all("#peer-diagram g.break.idle")).hasSize(idleGaps(conversation));
            // the pong names its ping; the ping names its pong; a bracket ties them
            Map<String, Map<String, String>> bySeq = new HashMap<>();
            arrows.forEach(a -> bySeq.put(a.get("seq"), a));
            assertThat(bySeq.get(String.valueOf(pair[1])).get("partner")).isEqualTo(String.valueOf(pair[0]));
            assertThat(bySeq.get(String.valueOf(pair[0])).get("partner").split(" ")).contains(String.valueOf(pair[1]));
            assertThat(browser.all("#peer-diagram path.link[data-request='" + pair[0] + "'][data-reply='" + pair[1] + "']")).hasSize(1);
            // the header: the peer's facts, and the way back
            assertThat(browser.find("#peer-facts [data-fact=connType]").getText()).isEqualTo(opened.connType());
            assertThat(browser.find("#peer-facts [data-fact=addr]").getText()).isEqualTo(opened.addr());
            assertThat(browser.find("#peer-facts [data-fact=state]").getText()).isEqualTo("open");
            assertThat(browser.find("#peer-back").getAttribute("href")).endsWith("#/peers");
            // newest at the bottom, followed: the view is scrolled to the end
            assertThat(browser.script("const s = document.getElementById('peer-scroll');"
                    + " return s.scrollTop + s.clientHeight >= s.scrollHeight - 4;")).isEqualTo(true);
            assertThat(browser.find("#peer-status").getText()).endsWith("following live");
            browser.screenshot("peer");

            // pointing at the pong highlights its ping
            WebElement pong = browser.find("#peer-diagram g.msg[data-seq='" + pair[1] + "'] rect.hit");
            browser.script("arguments[0].scrollIntoView({block: 'center'});", pong);
            new Actions(browser.driver()).moveToElement(pong).perform();
            browser.until(d -> browser.find("#peer-diagram g.msg[data-seq='" + pair[0] + "']").getAttribute("class").contains("hl"));
            // scrolled up to read back: no longer following
            browser.script("document.getElementById('peer-scroll').scrollTop = 0;");
            browser.until(d -> browser.find("#peer-status").getText().endsWith("paused: scroll to the bottom to follow"));
            assertThat(browser.find("#peer-newest").isDisplayed()).isTrue();

            // a quiet peer: each idle spell longer than the page's 2 s is one marked break, not empty space
            long quietId = quiet.getFirst().peerId();
            browser.get(dashboard.base() + "/#/peer/" + BusyNodeArchive.NODE + "/" + quietId);
            browser.until(d -> arrows(browser).size() == expectedOrder(quiet).size()
                    && arrows(browser).getFirst().get("seq").equals("1"));
            assertThat(arrows(browser).stream().map(a -> a.get("dir") + " " + a.get("type")).toList()).isEqualTo(expectedOrder(quiet));
            assertThat(idleGaps(quiet)).as("idle spells of peer %s", quietId).isPositive();
            assertThat(browser.all("#peer-diagram g.break.idle")).hasSize(idleGaps(quiet));
            browser.screenshot("peer-quiet");

            // a wrong id: its reason, on the page
            browser.get(dashboard.base() + "/#/peer/" + BusyNodeArchive.NODE + "/abc");
            browser.until(d -> browser.find("#peer-error").isDisplayed());
            assertThat(browser.find("#peer-error").getText()).isEqualTo("a peer id is a whole number, not 'abc'");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** Quiet spells of over 2 s between two of the shown messages. */
    private static int idleGaps(List<MessageEvent> conversation) {
        List<MessageEvent> shown = conversation.subList(conversation.size() - expectedOrder(conversation).size(), conversation.size());
        int gaps = 0;
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i).meta().epochNanos() - shown.get(i - 1).meta().epochNanos() > 2_000_000_000L) {
                gaps++;
            }
        }
        return gaps;
    }

    /** The diagram's arrows as drawn now, oldest first: seq, type, dir and partner of each (read in one script). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> arrows(Browser browser) {
        return (List<Map<String, String>>) browser.script("""
                return Array.from(document.querySelectorAll('#peer-diagram g.msg')).map(g => ({
                  seq: g.dataset.seq, type: g.dataset.type, dir: g.dataset.dir, partner: g.dataset.partner || '' }));""");
    }
}
