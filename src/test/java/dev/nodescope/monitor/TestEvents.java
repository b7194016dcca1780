package dev.nodescope.monitor;

import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import java.util.List;

/** Events at chosen times (seconds after {@link #T0}), as a node at pid 4242 would produce them. */
final class TestEvents {
    /** 2023-11-14T22:13:20Z */
    static final long T0 = 1_700_000_000L;
    static final String TXID = "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
    private long seq;
    private final String node;

    TestEvents() {
        this("test-node");
    }

    /** Events of node {@code node} (a fleet's nodes in one stream). */
    TestEvents(String node) {
        this.node = node;
    }

    static long at(double seconds) {
        return T0 * 1_000_000_000L + Math.round(seconds * 1e9);
    }

    EventMeta meta(double seconds) {
        return new EventMeta(node, 4242, 4243, "b-net", Math.round(seconds * 1e9) + 1, at(seconds), ++seq);
    }

    Event attached(double t) {
        return new Attached(meta(t), "/usr/local/bin/bitcoind", 4242, List.of("net:inbound_message"), List.of());
    }

    Event inbound(double t, long peer, String addr, Network net) {
        return new InboundConnection(meta(t), peer, addr, "inbound", net, 1);
    }

    Event outbound(double t, long peer, String addr, String type, Network net) {
        return new OutboundConnection(meta(t), peer, addr, type, net, 1);
    }

    Event closed(double t, long peer, String addr, String type, Network net, long established) {
        return new ClosedConnection(meta(t), peer, addr, type, net, established);
    }

    Event evicted(double t, long peer, String addr, Network net, long established) {
        return new EvictedInboundConnection(meta(t), peer, addr, "inbound", net, established);
    }

    Event in(double t, long peer, String addr, String type, String msg, long size, byte[] payload) {
        return new InboundMessage(meta(t), peer, addr, type, msg, size, payload == null ? 0 : payload.length,
                payload != null && payload.length < size, payload);
    }

    Event out(double t, long peer, String addr, String type, String msg, long size, byte[] payload) {
        return new OutboundMessage(meta(t), peer, addr, type, msg, size, payload == null ? 0 : payload.length,
                payload != null && payload.length < size, payload);
    }

    Event misbehaving(double t, long peer, String reason) {
        return new MisbehavingConnection(meta(t), peer, reason);
    }

    Event block(double t, int height, long durationNs) {
        return new BlockConnected(meta(t), "00".repeat(32), height, 3000, 7000, 12000, durationNs);
    }

    Event added(double t) {
        return new MempoolAdded(meta(t), TXID, 141, 31200);
    }

    Event removed(double t) {
        return new MempoolRemoved(meta(t), TXID, "block", 141, 31200, T0);
    }

    Event loss(double t, String stage, long count) {
        return new Loss(meta(t), stage, "net:inbound_message", count);
    }
}
