package dev.nodescope.fleet;

import dev.nodescope.event.MessageEvent;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.LossStage;
import dev.nodescope.tool.Bytes;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import io.nats.client.Connection;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nodescope publish}: every event to NATS (docs/fleet.md), with what was published and lost
 * when it stops. Without {@code keepPayloads} P2P messages go without their payloads, whatever the
 * source copied (an archive recorded with them).
 */
public final class PublishTool implements Tool {
    /** How long the end waits for the server to take what is still pending. */
    private static final long DRAIN_MILLIS = 10_000;

    private final Publisher publisher;
    private final Connection nats;
    private final String where;
    private final PrintStream err;
    private final StatusLines status;
    private final boolean keepPayloads;

    public PublishTool(Publisher publisher, Connection nats, String where, boolean keepPayloads, StatusLines status, PrintStream err) {
        this.publisher = publisher;
        this.keepPayloads = keepPayloads;
        this.status = status;
        this.nats = nats;
        this.where = where;
        this.err = err;
    }

    @Override
    public void register(EventStream stream) {
        status.register(stream);
        if (keepPayloads) {
            stream.onEvent(publisher::accept);
        } else {
            stream.onEvent(e -> publisher.accept(MessageEvent.withoutPayload(e)));
        }
        stream.onFlush(publisher::flush);
    }

    @Override
    public Outcome finish(StreamEnd end) throws Exception {
        try {
            publisher.drain(DRAIN_MILLIS);
        } finally {
            nats.close();
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "nodescope: published %,d events in %,d batches (%s) to %s",
                publisher.eventsPublished(), publisher.batchesPublished(), Bytes.human(publisher.bytesPublished()), where));
        Map<LossStage, Long> lost = publisher.lossesByStage();
        if (!lost.isEmpty()) {
            line.append("; lost:");
            lost.forEach((stage, n) -> line.append(' ').append(stage.jsonName()).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
        }
        err.println(line);
        return Outcome.DONE;
    }
}
