package dev.nodescope.event;

/**
 * nodescope:loss — {@code count} losses at {@code stage} for {@code tracepoint} ({@code *}
 * for all) since the previous loss event. Stages: {@code ring_reserve} (event lost in the kernel),
 * {@code payload_dropped} (event kept, payload lost), {@code read_user} (a field could not be
 * read), {@code truncated} (a string or payload cut at its limit), {@code decode} (a record user
 * space could not read).
 */
public record Loss(EventMeta meta, String stage, String tracepoint, long count) implements ToolEvent {
    public static final String NAME = "nodescope:loss";

    @Override
    public String name() {
        return NAME;
    }
}
