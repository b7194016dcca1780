package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hub's protocol and flow control with channels the test controls: exact sends, drops and errors. */
class WebClientFlowTest {
    private final ObjectMapper json = WebTool.json();

    /** A channel that keeps what was sent and completes a send only when told (a browser that reads slowly). */
    static final class HeldChannel implements ClientChannel {
        final List<String> sent = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        String closed;

        @Override
        public void send(String text, Runnable done) {
            sent.add(text);
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closed = code + " " + reason;
        }

        void deliverAll() {
            pending.forEach(Runnable::run);
            pending.clear();
        }
    }

    /** A view whose feed counts how often it was asked and answers that number (incremental: the count since). */
    static final class CountingView implements WebView {
        final AtomicInteger events = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void register(EventStream stream) {
        }

        @Override
        public Feed open(Map<String, String> params) {
            if (params.containsKey("bad")) {
                throw new IllegalArgumentException("bad parameter: " + params.get("bad"));
            }
            return new Feed() {
                int seen;

                @Override
                public Object next() {
                    int now = events.get();
                    if (now == seen) {
                        return null;
                    }
                    Map<String, Integer> since = Map.of("new", now - seen);
                    seen = now;
                    return since;
                }
            };
        }
    }

    @Test
    void aSlowBrowserMissesItsTurnsAndGetsWhatHappenedCoalesced() throws Exception {
        CountingView view = new CountingView();
        WebHub hub = new WebHub(List.of(view), Duration.ofSeconds(1), json);
        HeldChannel slow = new HeldChannel();
        HeldChannel fast = new HeldChannel();
        WebClient slowClient = hub.join(slow);
        WebClient fastClient = hub.join(fast);
        hub.message(slowClient, "{\"subscribe\":\"c\",\"view\":\"counting\"}");
        hub.message(fastClient, "{\"subscribe\":\"c\",\"view\":\"counting\"}");
        for (int tick = 1; tick <= 5; tick++) {
            view.events.addAndGet(10);
            hub.tick();
            fast.deliverAll();
        }
        // the fast browser got one update per tick with that tick's 10 events
        assertThat(fast.sent).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode u = json.readTree(fast.sent.get(i));
            assertThat(u.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(u.get("dropped").asLong()).isZero();
            assertThat(u.at("/updates/c/new").asInt()).isEqualTo(10);
        }
        // the slow one got its first update and then nothing while it was not taken: four turns missed, one update held
        assertThat(slow.sent).hasSize(1);
        assertThat(slowClient.dropped()).isEqualTo(4);
        assertThat(hub.dropped()).isEqualTo(4);
        slow.deliverAll();
        hub.tick();
        JsonNode caughtUp = json.readTree(slow.sent.get(1));
        assertThat(caughtUp.get("seq").asLong()).isEqualTo(2);
        assertThat(caughtUp.get("dropped").asLong()).isEqualTo(4);
        assertThat(caughtUp.at("/updates/c/new").asInt()).isEqualTo(40); // everything since its last update, nothing lost
        // nothing new: no update at all
        slow.deliverAll();
        fast.deliverAll();
        hub.tick();
        assertThat(slow.sent).hasSize(2);
        assertThat(fast.sent).hasSize(5);
        hub.close();
        assertThat(slow.closed).isEqualTo("1001 nodescope web stopped");
    }

    @Test
    void wrongMessagesAreAnsweredNotThrown() throws Exception {
        WebHub hub = new WebHub(List.of(new CountingView()), Duration.ofSeconds(1), json);
        HeldChannel channel = new HeldChannel();
        WebClient client = hub.join(channel);
        hub.message(client, "not json");
        hub.message(client, "{\"subscribe\":\"x\",\"view\":\"nope\"}");
        hub.message(client, "{\"view\":\"counting\"}");
        hub.message(client, "{\"subscribe\":\"x\",\"view\":\"counting\",\"params\":{\"bad\":\"7\"}}");
        hub.message(client, "{\"subscribe\":\"" + "x".repeat(WebHub.MAX_MESSAGE_CHARS) + "\"}");
        for (int i = 0; i < WebClient.MAX_SUBSCRIPTIONS + 1; i++) {
            hub.message(client, "{\"subscribe\":\"s" + i + "\",\"view\":\"counting\"}");
        }
        List<String> errors = channel.sent.stream().map(s -> {
            try {
                return json.readTree(s).get("error").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(errors).containsExactly("not JSON", "no view named 'nope'", "subscribe needs an id", "bad parameter: 7",
                "message too long", "too many subscriptions (at most 16 per page)");
    }

    @Test
    void aSnapshotSharedByManyBrowsersIsMadeOncePerUpdate() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        WebView snapshot = new WebView() {
            @Override
            public String name() {
                return "snapshot";
            }

            @Override
            public void register(EventStream stream) {
            }

            @Override
            public Feed open(Map<String, String> params) {
                return new Feed() {
                    @Override
                    public Object next() {
                        return Map.of("asked", asked.incrementAndGet(), "node", params.getOrDefault("node", ""));
                    }

                    @Override
                    public String sharedKey() {
                        return "snapshot:" + params.getOrDefault("node", "");
                    }
                };
            }
        };
        WebHub hub = new WebHub(List.of(snapshot), Duration.ofSeconds(1), json);
        List<HeldChannel> channels = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HeldChannel c = new HeldChannel();
            channels.add(c);
            hub.message(hub.join(c), "{\"subscribe\":\"s\",\"view\":\"snapshot\",\"params\":{\"node\":\"" + (i < 7 ? "a" : "b") + "\"}}");
        }
        hub.tick();
        assertThat(asked.get()).isEqualTo(2); // once for node a's seven browsers, once for node b's three
        for (int i = 0; i < 10; i++) {
            JsonNode u = json.readTree(channels.get(i).sent.getFirst());
            assertThat(u.at("/updates/s/node").asText()).isEqualTo(i < 7 ? "a" : "b");
            assertThat(u.at("/updates/s/asked").asInt()).isEqualTo(i < 7 ? 1 : 2);
            channels.get(i).deliverAll();
        }
        hub.tick();
        assertThat(asked.get()).isEqualTo(4);
    }

    @Test
    void theHubTurnsAwayBrowsersBeyondItsLimit() {
        WebHub hub = new WebHub(List.of(), Duration.ofSeconds(1), json);
        for (int i = 0; i < WebHub.MAX_CLIENTS; i++) {
            assertThat(hub.join(new HeldChannel())).isNotNull();
        }
        assertThat(hub.join(new HeldChannel())).isNull();
        assertThat(hub.clients()).isEqualTo(WebHub.MAX_CLIENTS);
    }
}
