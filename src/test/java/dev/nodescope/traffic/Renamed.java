package dev.nodescope.traffic;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;

/** A run's events as another node's: two runs in one archive make a fleet of two over the same hours. */
final class Renamed {
    private Renamed() {
    }

    static Event node(Event ev, String node) {
        EventMeta o = ev.meta();
        EventMeta m = new EventMeta(node, o.pid(), o.tid(), o.thread(), o.monoNs(), o.epochNanos(), o.seq());
        return switch (ev) {
            case InboundMessage i -> new InboundMessage(m, i.peerId(), i.addr(), i.connType(), i.msgType(), i.size(), 0, false, null);
            case OutboundMessage x -> new OutboundMessage(m, x.peerId(), x.addr(), x.connType(), x.msgType(), x.size(), 0, false, null);
            case InboundConnection c -> new InboundConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.existingConnections());
            case OutboundConnection c -> new OutboundConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.existingConnections());
            case ClosedConnection c -> new ClosedConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.timeEstablished());
            case MempoolAdded a -> new MempoolAdded(m, a.txid(), a.vsize(), a.fee());
            default -> throw new IllegalArgumentException(ev.toString());
        };
    }
}
