package dev.nodescope.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many browsers' worth of WebSocket clients on one dashboard, each subscribed to the given views
 * as the pages subscribe, counting the updates and bytes they get (and the drops the server
 * reports to them). A "stalled" client reads nothing once connected, like a browser tab frozen
 * by its machine: its socket fills and the server must coalesce for it.
 */
public final class BrowserLoad implements AutoCloseable {
    /** One client's tally. */
    public static final class Client implements WebSocket.Listener {
        private final boolean stalled;
        private final StringBuilder partial = new StringBuilder();
        private final ObjectMapper json = new ObjectMapper();
        final AtomicLong updates = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong reportedDropped = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        WebSocket socket;

        Client(boolean stalled) {
            this.stalled = stalled;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (!stalled) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                bytes.addAndGet(text.length());
                try {
                    JsonNode m = json.readTree(text);
                    if (m.has("error")) {
                        errors.incrementAndGet();
                    } else {
                        updates.incrementAndGet();
                        reportedDropped.set(m.get("dropped").asLong());
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        public long updates() {
            return updates.get();
        }

        public long bytes() {
            return bytes.get();
        }

        /** The drops the server last reported to this client. */
        public long reportedDropped() {
            return reportedDropped.get();
        }

        public long errors() {
            return errors.get();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Client> clients = new ArrayList<>();

    /**
     * Connects {@code n} clients to the dashboard on {@code port} with {@code token}, each
     * subscribing to {@code views} (name to params); {@code stalled} of them read nothing.
     */
    public static BrowserLoad connect(int port, String token, int n, int stalled, Map<String, Map<String, String>> views) {
        BrowserLoad load = new BrowserLoad();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < n; i++) {
            Client c = new Client(i < stalled);
            c.socket = load.http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), c).join();
            int id = 0;
            // a stalled browser has many pages open, so its socket fills within seconds
            for (int copy = 0; copy < (c.stalled ? WebClient.MAX_SUBSCRIPTIONS / views.size() : 1); copy++) {
                for (Map.Entry<String, Map<String, String>> v : views.entrySet()) {
                    try {
                        c.socket.sendText(json.writeValueAsString(Map.of("subscribe", v.getKey() + (id++), "view", v.getKey(),
                                "params", v.getValue())), true).join();
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            load.clients.add(c);
        }
        return load;
    }

    public List<Client> clients() {
        return clients;
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.socket.abort();
        }
        http.close();
    }
}
