package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/** net:misbehaving_connection: A peer was marked as misbehaving (to be discouraged). */
@EventKind(struct = "ns_misbehaving")
public record MisbehavingConnection(
        EventMeta meta,
        @EventField(wire = 1, c = "peer_id", doc = "peer id (getpeerinfo's id)") long peerId,
        @EventField(wire = 2, c = "reason", doc = "why, e.g. headers message size = 2001") String reason) implements TracepointEvent {
    @Override
    public Tracepoint tracepoint() {
        return Tracepoint.NET_MISBEHAVING_CONNECTION;
    }
}
