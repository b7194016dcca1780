package dev.nodescope.watch.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventMeta;
import dev.nodescope.watch.AlertSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --alertmanager URL}: hands firing and resolved alerts to Alertmanager's v2 API
 * ({@code POST /api/v2/alerts}), so routing, grouping, silencing and notification are what the
 * operator already runs. Labels: {@code alertname}, {@code severity}, {@code node},
 * {@code subject}, and {@code peer_id} for a peer (not its address: labels end up in chat rooms
 * and ticket systems; the summary has it). Annotations: {@code summary}, {@code evidence}.
 *
 * <p>As Prometheus does, a firing alert is sent with {@code endsAt} a few resend periods ahead
 * and resent every period while it fires: Alertmanager resolves it by itself if nodescope goes
 * away, and never in between. A resolve sends {@code endsAt} = the moment it resolved. Pending
 * alerts are not sent (Alertmanager has no such state).
 */
public final class AlertmanagerSink implements AlertSink {
    /** How often firing alerts are sent again (Prometheus's resend delay is also a minute). */
    static final Duration RESEND = Duration.ofMinutes(1);
    /** A firing alert's lease: Alertmanager resolves it this many resend periods after the last send, should nodescope stop. */
    static final int LEASE_PERIODS = 4;

    private record Key(String node, String alert, String subject) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpTarget api;
    private final Duration resend;
    private final Delivery<Alert> delivery;
    /** Firing now (written on the stream thread, read by the resends); at most the engine's open alerts. */
    private final Map<Key, Alert> firing = new ConcurrentHashMap<>();
    private final AtomicLong resent = new AtomicLong();

    public AlertmanagerSink(HttpTarget base, PrintStream err) {
        this(base, Delivery.Timing.DEFAULT, RESEND, err);
    }

    AlertmanagerSink(HttpTarget base, Delivery.Timing timing, Duration resend, PrintStream err) {
        this.api = base.resolve(apiUri(base.uri()));
        this.resend = resend;
        this.delivery = new Delivery<>("alertmanager " + base, timing, this::send, err, this::firingNow, resend);
    }

    /** {@code http://am:9093} and {@code http://host/prefix/} post to {@code .../api/v2/alerts}; a URL already naming it is kept. */
    static URI apiUri(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.endsWith("/api/v2/alerts")) {
            return base;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return base.resolve(path + "/api/v2/alerts");
    }

    @Override
    public void onAlert(Alert a) {
        Key key = new Key(a.meta().node(), a.alert(), a.subject());
        switch (a.state()) {
            case PENDING -> {
            }
            case FIRING -> {
                Alert before = firing.put(key, a);
                if (before != null && before.severity() != a.severity()) {
                    // severity is a label: the alert at the old one is another alert to Alertmanager, and it ended
                    delivery.offer(resolvedAt(before, a.meta().epochNanos()));
                }
                delivery.offer(a);
            }
            case RESOLVED -> {
                if (firing.remove(key) != null) {
                    delivery.offer(a); // a pending alert that cleared was never sent
                }
            }
        }
    }

    private static Alert resolvedAt(Alert a, long at) {
        EventMeta m = a.meta();
        EventMeta meta = new EventMeta(m.node(), m.pid(), m.tid(), m.thread(), m.monoNs() + (at - m.epochNanos()), at, m.seq());
        return new Alert(meta, a.alert(), AlertState.RESOLVED, a.severity(), a.subject(), a.peerId(), a.addr(),
                a.summary(), a.evidence(), a.started());
    }

    private List<Alert> firingNow() {
        List<Alert> now = new ArrayList<>(firing.values());
        resent.addAndGet(now.size());
        return now;
    }

    private void send(List<Alert> batch) throws IOException, InterruptedException, Delivery.Rejected {
        api.post(body(batch, System.currentTimeMillis()));
    }

    /** The v2 API's postable alerts. */
    byte[] body(List<Alert> batch, long nowMillis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * batch.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Alert a : batch) {
                g.writeStartObject();
                g.writeObjectFieldStart("labels");
                g.writeStringField("alertname", a.alert());
                g.writeStringField("severity", a.severity().jsonName());
                g.writeStringField("node", a.meta().node());
                g.writeStringField("subject", a.subject());
                if (a.aboutPeer()) {
                    g.writeStringField("peer_id", Long.toString(a.peerId()));
                }
                g.writeEndObject();
                g.writeObjectFieldStart("annotations");
                g.writeStringField("summary", a.summary());
                g.writeStringField("evidence", a.evidence() == null ? "" : a.evidence().toString());
                g.writeEndObject();
                g.writeStringField("startsAt", time(a.started()));
                long ends = a.state() == AlertState.RESOLVED ? a.meta().epochNanos()
                        : (nowMillis + LEASE_PERIODS * resend.toMillis()) * 1_000_000L;
                g.writeStringField("endsAt", time(ends));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static String time(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }

    @Override
    public void close() throws InterruptedException {
        delivery.close();
    }

    @Override
    public String summary() {
        return "alertmanager " + api + ": " + delivery.counts("alerts") + (resent.get() > 0 ? " (" + resent.get() + " of them resends)" : "");
    }

    Delivery<Alert> delivery() {
        return delivery;
    }
}
