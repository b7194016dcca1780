package dev.nodescope.event;

import java.util.List;

/** nodescope:attached — the tracepoints attached in {@code binary} (for {@code pid}, or -1 for every process) and those the binary lacks. */
public record Attached(EventMeta meta, String binary, int pid, List<String> tracepoints, List<String> missing)
        implements ToolEvent {
    public static final String NAME = "nodescope:attached";

    @Override
    public String name() {
        return NAME;
    }
}
