package dev.nodescope.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The browsers connected to the dashboard and their updates: one thread, every
 * {@code --update-every}, asks each client's feeds what is new and sends it (see
 * {@link WebClient} for flow control). The stream thread never waits on it: views fold events
 * under their own short locks, and this thread copies from them.
 *
 * <p>Protocol (JSON text messages): the browser sends {@code {"subscribe":ID,"view":NAME,"params":{...}}}
 * and {@code {"unsubscribe":ID}}; the server sends {@code {"seq":N,"dropped":N,"updates":{ID:DATA,...}}},
 * and {@code {"error":TEXT,"id":ID}} when a subscription is refused.
 */
public final class WebHub implements AutoCloseable {
    /** Browsers served at once; more are turned away with a reason. */
    public static final int MAX_CLIENTS = 256;
    /** Largest message a browser may send (subscriptions are small). */
    static final int MAX_MESSAGE_CHARS = 4096;

    private final Map<String, WebView> views;
    private final Duration every;
    private final ObjectMapper json;
    private final List<WebClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("nodescope-web-updates").factory());

    public WebHub(List<WebView> views, Duration every, ObjectMapper json) {
        Map<String, WebView> byName = new LinkedHashMap<>();
        for (WebView v : views) {
            byName.put(v.name(), v);
        }
        this.views = Map.copyOf(byName);
        this.every = every;
        this.json = json;
    }

    public void start() {
        long millis = every.toMillis();
        ticker.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A browser connected; null when the hub is full (the caller closes it with the reason). */
    public WebClient join(ClientChannel channel) {
        if (clients.size() >= MAX_CLIENTS) {
            return null;
        }
        WebClient client = new WebClient(channel);
        clients.add(client);
        return client;
    }

    public void leave(WebClient client) {
        clients.remove(client);
    }

    public int clients() {
        return clients.size();
    }

    /** Updates missed by slow browsers, all clients still connected. */
    public long dropped() {
        long sum = 0;
        for (WebClient c : clients) {
            sum += c.dropped();
        }
        return sum;
    }

    public WebView view(String name) {
        return views.get(name);
    }

    public List<String> viewNames() {
        return List.copyOf(views.keySet());
    }

    /** A browser's message: subscribe or unsubscribe; a wrong one is answered with an error, never thrown. */
    public void message(WebClient client, String text) {
        if (text.length() > MAX_MESSAGE_CHARS) {
            client.tell(json, Map.of("error", "message too long"));
            return;
        }
        JsonNode m;
        try {
            m = json.readTree(text);
        } catch (JsonProcessingException e) {
            client.tell(json, Map.of("error", "not JSON"));
            return;
        }
        if (m.hasNonNull("unsubscribe")) {
            client.unsubscribe(m.get("unsubscribe").asText());
            return;
        }
        String id = m.path("subscribe").asText("");
        String name = m.path("view").asText("");
        WebView view = views.get(name);
        if (id.isEmpty() || view == null) {
            client.tell(json, Map.of("error", id.isEmpty() ? "subscribe needs an id" : "no view named '" + name + "'", "id", id));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        m.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        try {
            client.subscribe(id, view.open(params));
        } catch (IllegalArgumentException e) {
            client.tell(json, Map.of("error", e.getMessage(), "id", id));
        }
    }

    /** One round of updates (the ticker's thread; tests call it directly). */
    void tick() {
        Map<String, String> shared = new java.util.HashMap<>();
        for (WebClient c : clients) {
            try {
                c.update(json, shared);
            } catch (RuntimeException e) {
                // a bug in one view must not stop the updates of every browser: drop that browser, say why
                System.err.println("nodescope web: dropping a browser after a bug in a view: " + e);
                e.printStackTrace();
                leave(c);
                c.close(1011, "server error");
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (WebClient c : clients) {
            c.close(1001, "nodescope web stopped");
        }
        clients.clear();
    }
}
