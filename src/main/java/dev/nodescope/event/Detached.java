package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/** nodescope:detached — tracing stopped, e.g. because the process exited. */
@EventKind(wire = 65)
public record Detached(
        EventMeta meta,
        @EventField(wire = 1, encoding = WireEncoding.STRING, doc = "why tracing stopped, e.g. process exited") String reason) implements ToolEvent {
    public static final String NAME = "nodescope:detached";

    @Override
    public String name() {
        return NAME;
    }
}
