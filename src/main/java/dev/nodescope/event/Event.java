package dev.nodescope.event;

/**
 * One event: a tracepoint hit of the traced node, or an event of nodescope itself. Every event
 * carries the envelope of the public schema in {@link #meta()}; {@link #name()} is its
 * {@code event} field ({@code context:name}).
 */
public sealed interface Event permits TracepointEvent, ToolEvent {
    EventMeta meta();

    String name();
}
