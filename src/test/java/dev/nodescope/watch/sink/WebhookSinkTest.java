package dev.nodescope.watch.sink;

import static dev.nodescope.watch.MisbehavingArchive.S;
import static dev.nodescope.watch.MisbehavingArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.MisbehavingArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --webhook}: every alert event arrives as its JSON line, in order, through a receiver that is down, failing or slow. */
class WebhookSinkTest {
    static final Delivery.Timing FAST = new Delivery.Timing(4, 64, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));

    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    static Alert alert(int peer, AlertState state, long at) {
        return new Alert(MisbehavingArchive.meta(at, peer), "misbehaving", state, Severity.WARNING, "peer:" + peer, peer,
                "203.0.113." + peer + ":8333", "peer " + peer + " misbehaved: mutated block",
                Evidence.builder().put("misbehaviours", 1).build(), T0);
    }

    static String json(Alert a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventJson j = new EventJson(out, false, false);
        j.write(a);
        j.flush();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    List<String> errLines() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aReceiverThatIsDownAtFirstGetsEveryEventInOrderOnceItIsUp() throws Exception {
        int port = Receiver.freePort();
        HttpTarget target = HttpTarget.parse("--webhook", "http://127.0.0.1:" + port + "/hook", null, null);
        WebhookSink sink = new WebhookSink(target, FAST, err);
        List<Alert> sent = List.of(alert(7, AlertState.FIRING, T0 + S), alert(8, AlertState.FIRING, T0 + 2 * S),
                alert(7, AlertState.RESOLVED, T0 + 3 * S));
        sent.forEach(sink::onAlert); // nobody listens: queued, retried
        while (sink.delivery().retries() < 3) {
            Thread.sleep(10);
        }
        try (Receiver receiver = Receiver.start(port, n -> 204)) {
            List<Receiver.Request> got = receiver.await(3);
            sink.close();
            assertThat(got).extracting(Receiver.Request::body).containsExactlyElementsOf(sent.stream().map(WebhookSinkTest::json).toList());
        }
        assertThat(sink.delivery().delivered()).isEqualTo(3);
        assertThat(sink.delivery().dropped()).isZero();
        assertThat(sink.summary()).matches("webhook http://127\\.0\\.0\\.1:" + port + "/hook: 3 alert events delivered, [0-9]+ retries \\(first failure: cannot connect\\)");
        assertThat(errLines()).containsExactly("nodescope: warning: webhook http://127.0.0.1:" + port
                + "/hook: cannot connect; detection goes on, alerts wait in a queue (up to 4) and are retried");
    }

    @Test
    void aReceiverAnswering500IsRetriedUntilItTakesTheEvent() throws Exception {
        try (Receiver receiver = Receiver.start(0, n -> n < 2 ? 500 : 204)) {
            WebhookSink sink = new WebhookSink(HttpTarget.parse("--webhook", receiver.url(), null, null), FAST, err);
            Alert a = alert(7, AlertState.FIRING, T0 + S);
            Alert b = alert(7, AlertState.RESOLVED, T0 + 2 * S);
            sink.onAlert(a);
            sink.onAlert(b);
            List<Receiver.Request> got = receiver.await(4);
            sink.close();
            assertThat(got).extracting(Receiver.Request::body).containsExactly(json(a), json(a), json(a), json(b));
            assertThat(got).extracting(Receiver.Request::status).containsExactly(500, 500, 204, 204);
            assertThat(sink.summary()).isEqualTo("webhook " + receiver.url() + ": 2 alert events delivered, 2 retries (first failure: HTTP 500 (boom 500))");
        }
    }

    @Test
    void aReceiverThatRefusesTheRequestIsNotRetried() throws Exception {
        try (Receiver receiver = Receiver.start(0, n -> n == 0 ? 404 : 204)) {
            WebhookSink sink = new WebhookSink(HttpTarget.parse("--webhook", receiver.url(), null, null), FAST, err);
            sink.onAlert(alert(7, AlertState.FIRING, T0 + S));
            sink.onAlert(alert(8, AlertState.FIRING, T0 + S));
            receiver.await(2);
            sink.close();
            assertThat(receiver.requests()).extracting(Receiver.Request::status).containsExactly(404, 204);
            assertThat(sink.summary()).isEqualTo("webhook " + receiver.url() + ": 1 alert events delivered, 1 refused (first failure: HTTP 404 (boom 404))");
        }
    }

    @Test
    void aStuckReceiverNeverBlocksTheStreamThreadAndTheQueueKeepsTheNewest() throws Exception {
        try (Receiver receiver = Receiver.start(0, n -> 204)) {
            receiver.hold = new CountDownLatch(1);
            WebhookSink sink = new WebhookSink(HttpTarget.parse("--webhook", receiver.url(), null, null), FAST, err);
            List<Alert> sent = new ArrayList<>();
            sent.add(alert(1, AlertState.FIRING, T0));
            sink.onAlert(sent.getFirst());
            while (receiver.arrived.get() == 0) { // the sender took it off the queue and waits for the held receiver
                Thread.sleep(5);
            }
            for (int i = 2; i <= 10; i++) { // the receiver holds the first; the queue (4) keeps the 4 newest of these 9
                Alert a = alert(i, AlertState.FIRING, T0 + i * S);
                sent.add(a);
                sink.onAlert(a);
            }
            assertThat(sink.delivery().dropped()).isEqualTo(5);
            receiver.hold.countDown();
            List<Receiver.Request> got = receiver.await(5);
            sink.close();
            assertThat(got).extracting(Receiver.Request::body).containsExactly(json(sent.get(0)), json(sent.get(6)), json(sent.get(7)),
                    json(sent.get(8)), json(sent.get(9)));
            assertThat(sink.summary()).isEqualTo("webhook " + receiver.url() + ": 5 alert events delivered, 5 dropped");
        }
    }

    @Test
    void aReceiverThatStaysDownCostsTheCloseGraceAndCountsWhatWasLost() throws Exception {
        int port = Receiver.freePort();
        Delivery.Timing shortGrace = new Delivery.Timing(4, 64, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(300));
        WebhookSink sink = new WebhookSink(HttpTarget.parse("--webhook", "http://127.0.0.1:" + port + "/hook", null, null), shortGrace, err);
        for (int i = 1; i <= 3; i++) {
            sink.onAlert(alert(i, AlertState.FIRING, T0 + i * S));
        }
        sink.close();
        assertThat(sink.delivery().dropped()).isEqualTo(3);
        assertThat(sink.summary()).matches("webhook http://127\\.0\\.0\\.1:" + port + "/hook: 0 alert events delivered, [0-9]+ retries, 3 dropped \\(first failure: cannot connect\\)");
    }

    @Test
    void credentialsComeFromAFileAndAreNeverShown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("auth");
        Files.writeString(file, "watch:s3cret-pass\n");
        try (Receiver receiver = Receiver.start(0, n -> 204)) {
            HttpTarget target = HttpTarget.parse("--webhook", receiver.url(), file, null);
            WebhookSink sink = new WebhookSink(target, FAST, err);
            sink.onAlert(alert(7, AlertState.FIRING, T0));
            List<Receiver.Request> got = receiver.await(1);
            sink.close();
            assertThat(got.getFirst().authorization()).isEqualTo("Basic d2F0Y2g6czNjcmV0LXBhc3M="); // watch:s3cret-pass
            assertThat(target.toString() + sink.summary() + errBytes).doesNotContain("s3cret").doesNotContain("d2F0Y2g6");
        }
    }
}
