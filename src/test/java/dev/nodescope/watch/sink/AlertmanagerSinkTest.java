package dev.nodescope.watch.sink;

import static dev.nodescope.watch.MisbehavingArchive.S;
import static dev.nodescope.watch.MisbehavingArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Alertmanager sink posts, and when: firing and resolved only, resends while firing, severity moves. */
class AlertmanagerSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RESEND = Duration.ofMillis(300);

    final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    static Alert alert(AlertState state, Severity severity, long at) {
        return new Alert(new EventMeta("n1", 1, 1, "nodescope", 0, at, 0), "misbehaving", state, severity, "peer:7", 7, "203.0.113.7:8333",
                "peer 7 misbehaved", Evidence.builder().put("misbehaviours", 2).put("threshold", 1).build(), T0 + S);
    }

    /** Each posted alert as "subject severity startsAt endsAt|LEASE" (LEASE: a firing alert's endsAt, wall time ahead; event times are in 2025). */
    static List<String> posted(List<Receiver.Request> requests) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : requests) {
            for (JsonNode a : JSON.readTree(r.body())) {
                Instant ends = Instant.parse(a.path("endsAt").asText());
                out.add(a.path("labels").path("subject").asText() + " " + a.path("labels").path("severity").asText() + " "
                        + a.path("startsAt").asText() + " " + (ends.isAfter(Instant.ofEpochSecond(T0 / S + 86_400)) ? "LEASE" : a.path("endsAt").asText()));
            }
        }
        return out;
    }

    @Test
    void firingAlertsAreResentWhileTheyFireAndASeverityRiseResolvesTheOldOne() throws Exception {
        try (Receiver receiver = Receiver.start(0, n -> 200)) {
            AlertmanagerSink sink = new AlertmanagerSink(HttpTarget.parse("--alertmanager", receiver.url() + "/api/v2/alerts", null, null),
                    WebhookSinkTest.FAST, RESEND, err);
            sink.onAlert(alert(AlertState.PENDING, Severity.WARNING, T0 + S)); // Alertmanager has no pending: not sent
            sink.onAlert(alert(AlertState.FIRING, Severity.WARNING, T0 + 2 * S));
            List<Receiver.Request> first = receiver.await(2); // the alert, then a resend
            assertThat(posted(first)).containsExactly("peer:7 warning 2025-12-02T08:00:01Z LEASE", "peer:7 warning 2025-12-02T08:00:01Z LEASE");
            JsonNode body = JSON.readTree(first.getFirst().body()).get(0);
            assertThat(body.path("labels").toString())
                    .isEqualTo("{\"alertname\":\"misbehaving\",\"severity\":\"warning\",\"node\":\"n1\",\"subject\":\"peer:7\",\"peer_id\":\"7\"}");
            assertThat(body.path("annotations").toString()).isEqualTo("{\"summary\":\"peer 7 misbehaved\",\"evidence\":\"misbehaviours=2 threshold=1\"}");
            // the lease is 4 resend periods
            assertThat(Duration.between(Instant.now(), Instant.parse(body.path("endsAt").asText()))).isBetween(Duration.ZERO, RESEND.multipliedBy(4));

            sink.onAlert(alert(AlertState.FIRING, Severity.CRITICAL, T0 + 3 * S));
            sink.onAlert(alert(AlertState.RESOLVED, Severity.CRITICAL, T0 + 4 * S));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!posted(receiver.requests()).contains("peer:7 critical 2025-12-02T08:00:01Z 2025-12-02T08:00:04Z") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int resolvedAt = receiver.requests().size();
            Thread.sleep(RESEND.multipliedBy(3).toMillis()); // nothing fires: nothing is resent
            sink.close();
            assertThat(receiver.requests()).hasSize(resolvedAt);
            List<String> all = posted(receiver.requests());
            List<String> after = all.subList(all.indexOf("peer:7 warning 2025-12-02T08:00:01Z 2025-12-02T08:00:03Z"), all.size());
            // (distinct: a resend may fall between the rise and the resolve, microseconds apart)
            assertThat(after.stream().distinct()).containsExactly("peer:7 warning 2025-12-02T08:00:01Z 2025-12-02T08:00:03Z", "peer:7 critical 2025-12-02T08:00:01Z LEASE",
                    "peer:7 critical 2025-12-02T08:00:01Z 2025-12-02T08:00:04Z");
            assertThat(sink.summary()).startsWith("alertmanager " + receiver.url() + "/api/v2/alerts: ").contains(" alerts delivered (").contains(" of them resends)");
        }
    }

    @Test
    void theApiPathGoesUnderTheBaseUrl() {
        assertThat(AlertmanagerSink.apiUri(URI.create("http://am:9093"))).hasToString("http://am:9093/api/v2/alerts");
        assertThat(AlertmanagerSink.apiUri(URI.create("http://am:9093/"))).hasToString("http://am:9093/api/v2/alerts");
        assertThat(AlertmanagerSink.apiUri(URI.create("https://ops.example/alertmanager/"))).hasToString("https://ops.example/alertmanager/api/v2/alerts");
        assertThat(AlertmanagerSink.apiUri(URI.create("http://am:9093/api/v2/alerts"))).hasToString("http://am:9093/api/v2/alerts");
    }
}
