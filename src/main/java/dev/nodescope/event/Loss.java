package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/**
 * nodescope:loss — {@code count} losses at {@code stage} for {@code tracepoint} ({@code *}
 * for all) since the previous loss event. Stages: {@code ring_reserve} (event lost in the kernel),
 * {@code payload_dropped} (event kept, payload lost), {@code read_user} (a field could not be
 * read), {@code truncated} (a string or payload cut at its limit), {@code decode} (a record user
 * space could not read).
 */
@EventKind(wire = 66)
public record Loss(
        EventMeta meta,
        @EventField(wire = 1, doc = "where: ring_reserve, payload_dropped, read_user, truncated, decode; over NATS queue, publish, consume") String stage,
        @EventField(wire = 2, doc = "the tracepoint, or * for all") String tracepoint,
        @EventField(wire = 3, doc = "losses since the previous loss event") long count) implements ToolEvent {
    public static final String NAME = "nodescope:loss";

    @Override
    public String name() {
        return NAME;
    }
}
