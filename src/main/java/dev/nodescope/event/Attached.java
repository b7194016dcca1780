package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;
import java.util.List;

/**
 * nodescope:attached — the tracepoints attached in {@code binary} (for {@code pid}, or -1 for every
 * process) and those the binary lacks; {@code bitcoindVersion} is the binary's own answer to
 * {@code -version} ("v24.0.1"), else the releases its tracepoints fit, "" where unknown (archives
 * recorded before it was kept).
 */
@EventKind(wire = 64)
public record Attached(
        EventMeta meta,
        @EventField(wire = 1, encoding = WireEncoding.STRING, doc = "the binary the tracepoints were attached in") String binary,
        @EventField(wire = 2, encoding = WireEncoding.SINT32, json = EventField.NOT_IN_JSON, doc = "the traced pid, -1 for every process of the binary (in JSON: the envelope's pid)") int pid,
        @EventField(wire = 3, doc = "tracepoints attached (context:name)") List<String> tracepoints,
        @EventField(wire = 4, doc = "selected tracepoints this binary lacks") List<String> missing,
        @EventField(wire = 5, encoding = WireEncoding.OPTIONAL_STRING, jsonAfter = "binary", doc = "the binary's own -version (e.g. v24.0.1); where it cannot answer, the releases its tracepoints fit; \"\" in archives recorded before it was kept") String bitcoindVersion)
        implements ToolEvent {
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
