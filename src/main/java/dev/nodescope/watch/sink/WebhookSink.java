package dev.nodescope.watch.sink;

import dev.nodescope.event.Alert;
import dev.nodescope.event.EventJson;
import dev.nodescope.watch.AlertSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --webhook URL}: POSTs every alert event (pending, firing, resolved) as its JSON line, the
 * same object {@code watch --format json} prints (docs/event-schema.md), one request per event, in
 * order. Queued and retried by {@link Delivery}; the stream thread only queues.
 */
public final class WebhookSink implements AlertSink {
    private final HttpTarget target;
    private final Delivery<Alert> delivery;
    // sender thread only
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final EventJson json = new EventJson(buffer, false, false);

    public WebhookSink(HttpTarget target, PrintStream err) {
        this(target, Delivery.Timing.DEFAULT, err);
    }

    WebhookSink(HttpTarget target, Delivery.Timing timing, PrintStream err) {
        this.target = target;
        // one event per request: a batch that half went through would be sent twice on retry
        Delivery.Timing one = new Delivery.Timing(timing.capacity(), 1, timing.firstBackoff(), timing.maxBackoff(), timing.closeGrace());
        this.delivery = new Delivery<>("webhook " + target, one, this::send, err, null, null);
    }

    @Override
    public void onAlert(Alert alert) {
        delivery.offer(alert);
    }

    private void send(List<Alert> batch) throws IOException, InterruptedException, Delivery.Rejected {
        for (Alert a : batch) {
            target.post(line(a));
        }
    }

    /** The event's JSON line without its newline. */
    private byte[] line(Alert a) {
        buffer.reset();
        json.write(a);
        json.flush();
        byte[] b = buffer.toByteArray();
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    @Override
    public void close() throws InterruptedException {
        delivery.close();
    }

    @Override
    public String summary() {
        return "webhook " + target + ": " + delivery.counts("alert events");
    }

    Delivery<Alert> delivery() {
        return delivery;
    }
}
