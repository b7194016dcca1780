package dev.nodescope.watch.detect;

import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.List;

/**
 * {@code addr_oversized}: a peer sent an addr or addrv2 message of more than 1000 addresses (Core's
 * MAX_ADDR_TO_SEND). No Bitcoin Core node sends one; Core drops it unread and calls the peer
 * misbehaving ("addr message size = N"), which discourages and disconnects it. Critical, at once.
 * The same message also raises {@code misbehaving} (from Core's own verdict, a moment later); each
 * alert's summary names the other, so the two read as one incident. Only the count at the start
 * of the payload is read: an oversized message is found even when its payload was cut.
 */
public final class AddrOversized implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("addr_oversized",
            "A peer sent an addr/addrv2 message of more than 1000 addresses, which no Bitcoin Core node sends: Core drops it and "
                    + "punishes the peer (the misbehaving alert reports the same incident)",
            Severity.CRITICAL, Duration.ZERO, Duration.ofMinutes(10), false, List.of(), AddrOversized::new);

    private final DetectorContext ctx;
    private final PeerTable<Handshake> peers = new PeerTable<>();

    /** How far a peer's handshake got (Core ignores addr before verack), and its oversized messages. */
    private static final class Handshake {
        boolean version;
        boolean verack;
        int oversized;
    }

    private AddrOversized(DetectorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MessageEvent m = (MessageEvent) event;
        switch (m.msgType()) {
            case "version" -> handshake(m).version = true;
            case "verack" -> {
                Handshake h = handshake(m);
                h.verack |= h.version;
            }
            case "addr" -> check(m, now, Payloads.count(m, Payloads.ADDR_ENTRY_BYTES));
            case "addrv2" -> check(m, now, Payloads.leadingCount(m));
            default -> {
            }
        }
    }

    private Handshake handshake(MessageEvent m) {
        Handshake h = peers.get(m.meta().node(), m.peerId());
        if (h == null) {
            h = new Handshake();
            peers.put(m.meta().node(), m.peerId(), h);
        }
        return h;
    }

    private void check(MessageEvent m, long now, long count) {
        if (count <= AddrFlood.MAX_ADDR_TO_SEND) {
            return;
        }
        String node = m.meta().node();
        Handshake h = peers.get(node, m.peerId());
        PeerInfo info = ctx.peers().get(node, m.peerId());
        boolean seenConnecting = info != null && info.openedAt() >= 0;
        if (h == null) {
            h = new Handshake();
            if (!seenConnecting) {
                h.version = h.verack = true; // connected before nodescope attached: the handshake is over
            }
            peers.put(node, m.peerId(), h);
        }
        h.oversized++;
        String verdict;
        if (!AddrFlood.relaysAddresses(m.connType())) {
            verdict = "Core ignores addr messages on this " + m.connType() + " connection, so it does not punish it";
        } else if (!h.verack) {
            verdict = "it came before the peer's verack, so Core ignores it unread";
        } else {
            verdict = "Core drops it and punishes the peer as misbehaving (\"" + m.msgType() + " message size = " + count
                    + "\"), which disconnects it";
        }
        String who = PeerInfo.who(m.peerId(), info);
        ctx.alerts().active(Subject.peer(node, m.peerId(), info == null ? m.addr() : info.addr()), now,
                who + " sent an " + m.msgType() + " message of " + count + " addresses (limit " + AddrFlood.MAX_ADDR_TO_SEND + "): " + verdict,
                Evidence.builder().put("addresses", count).put("limit", AddrFlood.MAX_ADDR_TO_SEND).put("oversized_messages", h.oversized)
                        .put("size_bytes", m.size()).build(),
                count, AddrFlood.MAX_ADDR_TO_SEND);
        // a single message: clear from now on, so the alert resolves after the clear time if Core keeps the peer
        ctx.alerts().clear(Subject.peer(node, m.peerId(), ""), now, count);
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        peers.remove(peer.node(), peer.peerId());
    }
}
