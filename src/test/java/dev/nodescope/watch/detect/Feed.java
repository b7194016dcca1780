package dev.nodescope.watch.detect;

import dev.nodescope.event.Alert;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Events fed by hand to a watch engine, and its alerts as exact lines (as WatchEngineTest writes them). */
final class Feed {
    static final long T0 = 1_731_542_400_000_000_000L;
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    final List<Alert> alerts = new ArrayList<>();
    final WatchEngine engine;

    Feed(String rules) {
        engine = new WatchEngine(Rules.parse(rules, "rules.yaml"), Silences.parse(List.of(), Detectors.names()), false)
                .addListener(alerts::add);
    }

    static EventMeta meta(long t) {
        return new EventMeta("n1", 42, 43, "b-msghand", t - T0 + 5 * S, t, 0);
    }

    Feed inbound(long t, long peer, String addr) {
        engine.accept(new InboundConnection(meta(t), peer, addr, "inbound", Network.IPV4, 1));
        return this;
    }

    Feed outbound(long t, long peer, String addr, String connType) {
        engine.accept(new OutboundConnection(meta(t), peer, addr, connType, Network.IPV4, 1));
        return this;
    }

    Feed closed(long t, long peer, String addr, String connType) {
        engine.accept(new ClosedConnection(meta(t), peer, addr, connType, Network.IPV4, T0 / S));
        return this;
    }

    /** A message from the peer, its payload copied whole. */
    Feed in(long t, long peer, String addr, String connType, String type, byte[] payload) {
        engine.accept(new InboundMessage(meta(t), peer, addr, connType, type, payload.length, payload.length, false, payload));
        return this;
    }

    /** A message from the peer whose payload was cut at {@code captured} bytes. */
    Feed inCut(long t, long peer, String addr, String connType, String type, byte[] payload, int captured) {
        byte[] cut = java.util.Arrays.copyOf(payload, captured);
        engine.accept(new InboundMessage(meta(t), peer, addr, connType, type, payload.length, captured, true, cut));
        return this;
    }

    Feed out(long t, long peer, String addr, String connType, String type, byte[] payload) {
        engine.accept(new OutboundMessage(meta(t), peer, addr, connType, type, payload.length, payload.length, false, payload));
        return this;
    }

    /** version then verack from the peer (Core's handshake as the node sees it). */
    Feed handshake(long t, long peer, String addr, String connType) {
        in(t, peer, addr, connType, "version", version("/Satoshi:27.0.0/"));
        return in(t, peer, addr, connType, "verack", new byte[0]);
    }

    List<String> lines() {
        return alerts.stream().map(a -> (a.meta().epochNanos() - T0) / MS + "ms " + a.alert() + " " + a.state().jsonName() + " "
                + a.severity().jsonName() + " " + a.subject() + " " + a.summary() + " {" + a.evidence() + "}").toList();
    }

    /**
     * An addr (v1) payload of {@code n} IPv4 addresses 1.x.y.z (distinct for distinct {@code first}
     * ranges), offered with {@code services}, last seen at {@code time} (Unix seconds).
     */
    static byte[] addr(int n, int first, long services, long time) {
        ByteBuffer b = ByteBuffer.allocate(5 + n * 30).order(ByteOrder.LITTLE_ENDIAN);
        if (n < 253) {
            b.put((byte) n);
        } else {
            b.put((byte) 253).putShort((short) n);
        }
        for (int i = first; i < first + n; i++) {
            b.putInt((int) time).putLong(services);
            b.put(new byte[10]).put((byte) 0xff).put((byte) 0xff);
            b.put((byte) (1 + i / 65536 % 200)).put((byte) (i / 256 % 256)).put((byte) (i % 256)).put((byte) 1);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) 8333).order(ByteOrder.LITTLE_ENDIAN);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Useful (NODE_NETWORK | NODE_WITNESS), seen at T0. */
    static byte[] addr(int n, int first) {
        return addr(n, first, 9, T0 / S);
    }

    /** A version message (protocol 70016, relay on) with this user agent. */
    static byte[] version(String userAgent) {
        byte[] ua = userAgent.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(86 + ua.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(70016).putLong(1033).putLong(T0 / S);
        b.putLong(0).put(new byte[16]).putShort((short) 0);
        b.putLong(1033).put(new byte[16]).putShort((short) 0);
        b.putLong(0x1234);
        b.put((byte) ua.length).put(ua).putInt(870000).put((byte) 1);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** An 8-byte ping. */
    static byte[] ping(long nonce) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nonce).array();
    }

    /** An inv/getdata/notfound payload of {@code n} items of {@code type} (MSG_TX 1, MSG_BLOCK 2, MSG_WTX 5). */
    static byte[] inv(int n, int type) {
        ByteBuffer b = ByteBuffer.allocate(3 + n * 36).order(ByteOrder.LITTLE_ENDIAN);
        if (n < 253) {
            b.put((byte) n);
        } else {
            b.put((byte) 253).putShort((short) n);
        }
        for (int i = 0; i < n; i++) {
            b.putInt(type);
            byte[] hash = new byte[32];
            hash[0] = (byte) i;
            hash[1] = (byte) (i >> 8);
            b.put(hash);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
