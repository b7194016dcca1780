package dev.nodescope.event;

/** nodescope:detached — tracing stopped, e.g. because the process exited. */
public record Detached(EventMeta meta, String reason) implements ToolEvent {
    public static final String NAME = "nodescope:detached";

    @Override
    public String name() {
        return NAME;
    }
}
