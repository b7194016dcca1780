package dev.nodescope.event;

import java.util.List;

/**
 * nodescope:attached — the tracepoints attached in {@code binary} (for {@code pid}, or -1 for every
 * process) and those the binary lacks; {@code bitcoindVersion} is the binary's own answer to
 * {@code -version} ("v24.0.1"), else the releases its tracepoints fit, "" where unknown (archives
 * recorded before it was kept).
 */
public record Attached(EventMeta meta, String binary, int pid, List<String> tracepoints, List<String> missing,
                       String bitcoindVersion) implements ToolEvent {
    public static final String NAME = "nodescope:attached";

    /** Without a version: unknown. */
    public Attached(EventMeta meta, String binary, int pid, List<String> tracepoints, List<String> missing) {
        this(meta, binary, pid, tracepoints, missing, "");
    }

    @Override
    public String name() {
        return NAME;
    }
}
