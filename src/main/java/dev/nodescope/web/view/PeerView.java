package dev.nodescope.web.view;

import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.KeptMessage;
import dev.nodescope.node.MessageHistory;
import dev.nodescope.node.NodeState;
import dev.nodescope.node.PeerKey;
import dev.nodescope.node.PeerSnapshot;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.MessageSummary;
import dev.nodescope.p2p.ReplyMatcher;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The peer page: one peer's conversation, message by message (param {@code node}, default the
 * last attached, and {@code id}, the peer id). Each tracked peer's last {@link #HISTORY} messages
 * are kept (a {@link MessageHistory} following the node state's peers); a feed answers first the
 * peer and its kept messages, then the messages since its last answer (coalesced when the browser
 * was slow, with how many the history let go in between). Payloads are decoded here, on the hub's
 * thread, into a one-line summary and the request each reply answers ({@link ReplyMatcher}).
 */
public final class PeerView implements WebView {
    /**
     * Messages kept per peer: a few minutes of a busy relay peer, enough to read back through a
     * conversation, and what the page draws at most.
     */
    public static final int HISTORY = 1000;
    /** Payload bytes kept per message: a typical transaction whole (its txid), a block's header, 110 getdata items. */
    public static final int PAYLOAD_BYTES = 4096;
    /**
     * Payload bytes kept per peer in all; older messages lose theirs first (their summary goes,
     * their type, size and time stay). So one peer costs at most about 1000 × 120 B of messages
     * plus 256 KB, some 380 KB: with Core's 125 connections and the state's {@value NodeState#MAX_ENDED_PEERS}
     * ended peers, 70 MB at worst (a few MB as peers really talk); the state's cap of
     * {@value NodeState#MAX_OPEN_PEERS} open peers bounds it when a node allows more.
     */
    public static final long PAYLOAD_BUDGET = 256 * 1024;

    private final WebContext context;
    private final MessageHistory history;

    public PeerView(WebContext context) {
        this.context = context;
        this.history = new MessageHistory(context.state(), HISTORY, PAYLOAD_BYTES, PAYLOAD_BUDGET);
    }

    @Override
    public String name() {
        return "peer";
    }

    @Override
    public void register(EventStream stream) {
        // after the state's own handler (the tool registers it first), so a peer's history exists by its first message
        stream.onEvent(MessageEvent.class, history::accept);
    }

    @Override
    public Feed open(Map<String, String> params) {
        String node = context.defaultNode(params.get("node"));
        String id = params.get("id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the peer page needs a peer id (id=N, as the peers page lists them)");
        }
        long peerId;
        try {
            peerId = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a peer id is a whole number, not '" + shorten(id) + "'");
        }
        if (peerId < 0) {
            throw new IllegalArgumentException("a peer id is not negative (" + peerId + ")");
        }
        PeerKey key = node == null ? null : new PeerKey(node, peerId);
        if (key == null || context.state().peer(key) == null) {
            throw new IllegalArgumentException("no peer " + peerId + (node == null ? " (no node seen yet)" : " on node " + node)
                    + ": never seen, or gone for more than " + NodeState.GRACE_NANOS / 1_000_000_000L + " s");
        }
        return new ConversationFeed(key);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /** One browser's view of one peer: a cursor into its history, and the requests still open for pairing. */
    private final class ConversationFeed implements Feed {
        private final PeerKey key;
        private ReplyMatcher replies = new ReplyMatcher();
        private long cursor;
        private boolean first = true;
        private Peer lastPeer;

        ConversationFeed(PeerKey key) {
            this.key = key;
        }

        @Override
        public Object next() {
            PeerSnapshot snapshot = context.state().peer(key);
            Peer peer = snapshot != null ? peer(snapshot) : lastPeer == null ? null : lastPeer.gone();
            MessageHistory.Slice slice = history.since(key, cursor);
            if (slice.last() < cursor) {
                // the peer was forgotten and its id seen again (a node restarted under the same name): start over
                cursor = 0;
                first = true;
                replies = new ReplyMatcher();
                slice = history.since(key, 0);
            }
            if (!first && slice.messages().isEmpty() && slice.skipped() == 0 && Objects.equals(peer, lastPeer)) {
                return null;
            }
            List<Message> messages = new ArrayList<>(slice.messages().size());
            for (KeptMessage m : slice.messages()) {
                messages.add(message(m));
            }
            Conversation answer = new Conversation(key.node(), first, peer, messages, slice.skipped(), HISTORY);
            cursor = Math.max(cursor, slice.last());
            first = false;
            lastPeer = peer;
            return answer;
        }

        private Message message(KeptMessage m) {
            DecodeResult decoded = MessageSummary.decode(m.type(), m.payload(), m.size());
            long partner = replies.next(m.seq(), m.inbound(), m.type(), decoded == null ? null : decoded.message());
            return new Message(m.seq(), m.epochNanos(), m.inbound() ? "in" : "out", m.type(), m.size(), MessageSummary.of(decoded),
                    partner < 0 ? null : partner);
        }
    }

    private Peer peer(PeerSnapshot p) {
        return new Peer(p.id(), p.connType(), p.network(), p.direction().name().toLowerCase(Locale.ROOT),
                p.addr() == null ? null : context.addresses().apply(p.addr()), p.state().name().toLowerCase(Locale.ROOT),
                p.openedAtNanos() < 0 ? null : p.openedAtNanos(), p.firstSeenNanos(), p.endedAtNanos() < 0 ? null : p.endedAtNanos(),
                p.msgsIn(), p.msgsOut(), p.bytesIn(), p.bytesOut(), p.pingNanos() < 0 ? null : p.pingNanos() / 1e6, p.userAgent(),
                p.protocolVersion() < 0 ? null : p.protocolVersion(), p.misbehaving(), p.misbehaviours());
    }

    /**
     * One answer.
     *
     * @param first    the peer's kept messages from the start (the page starts over); else what came since the last answer
     * @param peer     the peer's facts (its state is {@code gone} once the node state forgot it)
     * @param skipped  messages the page will not get: before the kept ones (first answer), or let go by the
     *                 history between two answers (the browser was slower than the peer)
     * @param cap      messages kept per peer, so the page keeps no more either
     */
    public record Conversation(String node, boolean first, Peer peer, List<Message> messages, long skipped, int cap) {
    }

    /**
     * One message.
     *
     * @param seq     its number among the peer's messages (1 is the first nodescope saw)
     * @param t       when (epoch ns)
     * @param dir     {@code in} (the peer sent it) or {@code out}
     * @param size    payload bytes on the wire
     * @param summary what it carried, in a line (empty when its payload was not captured)
     * @param partner the number of the request this message answers, or null
     */
    public record Message(long seq, long t, String dir, String type, long size, String summary, Long partner) {
    }

    /**
     * The peer's facts for the page's header.
     *
     * @param direction inbound, outbound or unknown (connected before nodescope attached)
     * @param addr      its address, or its pseudonym under {@code --redact-ips}
     * @param state     open, closed, evicted, or gone (forgotten by the node state)
     * @param openedAt  when it connected (epoch ns), or null when before nodescope attached
     * @param pingMs    the last ping round trip, or null
     */
    public record Peer(long id, String connType, String network, String direction, String addr, String state, Long openedAt,
                       long firstSeen, Long endedAt, long msgsIn, long msgsOut, long bytesIn, long bytesOut, Double pingMs,
                       String userAgent, Integer protocolVersion, String misbehaving, long misbehaviours) {
        Peer gone() {
            return new Peer(id, connType, network, direction, addr, "gone", openedAt, firstSeen, endedAt, msgsIn, msgsOut, bytesIn,
                    bytesOut, pingMs, userAgent, protocolVersion, misbehaving, misbehaviours);
        }
    }
}
