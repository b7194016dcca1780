package dev.nodescope.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected browser: its subscriptions and its flow control. An update is one WebSocket
 * message holding what every subscribed feed has new; while the previous one has not been
 * written to the socket, the client misses its turn (counted in {@code dropped}, shown by the
 * page) and its feeds coalesce what happened into the next. So a slow browser costs one
 * update's memory and never slows the stream or the other browsers.
 */
public final class WebClient {
    /** Subscriptions one browser may hold: pages open a few each. */
    static final int MAX_SUBSCRIPTIONS = 16;

    private final ClientChannel channel;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private long seq;

    WebClient(ClientChannel channel) {
        this.channel = channel;
    }

    synchronized void subscribe(String id, Feed feed) {
        if (!feeds.containsKey(id) && feeds.size() >= MAX_SUBSCRIPTIONS) {
            throw new IllegalArgumentException("too many subscriptions (at most " + MAX_SUBSCRIPTIONS + " per page)");
        }
        feeds.put(id, feed);
    }

    synchronized void unsubscribe(String id) {
        feeds.remove(id);
    }

    /** Updates missed because the browser had not taken the previous one. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Sends what the feeds have new, unless the last update is still on its way (then it is
     * coalesced into the next); {@code shared}: the JSON of shared feeds made so far in this round.
     */
    synchronized void update(ObjectMapper json, Map<String, String> shared) {
        if (feeds.isEmpty()) {
            return;
        }
        if (inFlight.get()) {
            dropped.incrementAndGet();
            return;
        }
        // the message is assembled from each feed's JSON: a shared feed's is made once per update for every browser
        StringBuilder text = new StringBuilder(256).append("{\"seq\":").append(seq + 1).append(",\"dropped\":").append(dropped.get())
                .append(",\"updates\":{");
        boolean any = false;
        try {
            for (Map.Entry<String, Feed> f : feeds.entrySet()) {
                Feed feed = f.getValue();
                String key = feed.sharedKey();
                String data = key == null ? serialise(json, feed.next()) : shared.computeIfAbsent(key, k -> serialise(json, feed.next()));
                if (data != null) {
                    text.append(any ? "," : "").append(json.writeValueAsString(f.getKey())).append(':').append(data);
                    any = true;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a subscription id did not serialise", e);
        }
        if (!any) {
            return;
        }
        seq++;
        text.append("}}");
        inFlight.set(true);
        channel.send(text.toString(), () -> inFlight.set(false));
    }

    private static String serialise(ObjectMapper json, Object data) {
        if (data == null) {
            return null;
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view's data did not serialise", e);
        }
    }

    /** A message the browser should see at once (an error about what it asked). */
    void tell(ObjectMapper json, Map<String, Object> message) {
        try {
            channel.send(json.writeValueAsString(message), () -> { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void close(int code, String reason) {
        channel.close(code, reason);
    }

}
