package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;
import dev.nodescope.event.schema.WireEncoding;

/**
 * nodescope:alert — a detector of {@code nodescope watch} saw a condition begin, hold or end
 * (docs/watch.md). Alerts are events like any other: {@code log} shows them, {@code record} keeps
 * them, a fleet sends them. The envelope's time is when the state was reached (event time: the
 * time of the event that showed it, or the instant a timer ran out), its {@code seq} that of the
 * last event before it.
 */
@EventKind(wire = 67)
public record Alert(
        EventMeta meta,
        @EventField(wire = 1, doc = "the detector (addr_flood, ping_flood, ...)") String alert,
        @EventField(wire = 2, doc = "pending, firing or resolved") AlertState state,
        @EventField(wire = 3, doc = "info, warning or critical") Severity severity,
        @EventField(wire = 4, doc = "what it is about: peer:<id>, netgroup:<prefix>, conn_type:<type>, node, ...") String subject,
        @EventField(wire = 5, encoding = WireEncoding.SINT64, text = false, doc = "the peer, -1 when the subject is not a peer") long peerId,
        @EventField(wire = 6, doc = "the peer's address, \"\" when the subject is not a peer") String addr,
        @EventField(wire = 7, encoding = WireEncoding.STRING, doc = "one sentence with the numbers") String summary,
        @EventField(wire = 8, text = false, doc = "the measured values and the thresholds they crossed") Evidence evidence,
        @EventField(wire = 9, unit = "epoch ns", text = false, doc = "when the condition began (wall time of the event that showed it)") long started)
        implements ToolEvent {
    public static final String NAME = "nodescope:alert";

    @Override
    public String name() {
        return NAME;
    }

    /** Whether the subject is a peer. */
    public boolean aboutPeer() {
        return peerId >= 0;
    }
}
