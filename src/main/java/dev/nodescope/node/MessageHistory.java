package dev.nodescope.node;

import dev.nodescope.event.MessageEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last messages of each peer a {@link NodeState} tracks, for the views that show a peer's
 * conversation (the monitor's peer view, the dashboard's peer page). It follows the state's peers
 * (a history starts when the state first sees the peer and ends when the state drops it), so its
 * memory is bounded by the state's peer caps times one peer's bound: {@code messagesPerPeer}
 * messages, each payload cut to {@code payloadBytes}, and at most {@code payloadBudget} payload
 * bytes per peer (the oldest messages lose their payload first; their type, size and time stay).
 *
 * <p>Folded on the stream thread ({@link #accept}, registered after the state so the peer is
 * known by then); read by copying under a short lock, so readers never hold up the stream.
 * Decoding is the readers' business: nothing here looks inside a payload.
 */
public final class MessageHistory {
    private final int payloadBytes;
    private final long payloadBudget;
    private final Map<PeerKey, Ring> peers = new HashMap<>();

    /**
     * @param messagesPerPeer messages kept per peer, newest last
     * @param payloadBytes    payload bytes kept per message (the rest is cut)
     * @param payloadBudget   payload bytes kept per peer in all
     */
    public MessageHistory(NodeState state, int messagesPerPeer, int payloadBytes, long payloadBudget) {
        if (messagesPerPeer < 1 || payloadBytes < 0 || payloadBudget < 0) {
            throw new IllegalArgumentException("a message history keeps at least one message, and no negative byte counts");
        }
        this.payloadBytes = payloadBytes;
        this.payloadBudget = payloadBudget;
        state.addListener(new PeerListener() {
            @Override
            public void joined(PeerSnapshot peer) {
                synchronized (MessageHistory.this) {
                    peers.putIfAbsent(peer.key(), new Ring(messagesPerPeer));
                }
            }

            @Override
            public void dropped(PeerKey peer) {
                synchronized (MessageHistory.this) {
                    peers.remove(peer);
                }
            }
        });
    }

    /** Keeps one message (the stream thread); a peer the state does not track (over its caps) is ignored. */
    public synchronized void accept(MessageEvent m) {
        Ring ring = peers.get(new PeerKey(m.meta().node(), m.peerId()));
        if (ring == null) {
            return;
        }
        byte[] payload = m.payload();
        if (payload != null && payload.length > payloadBytes) {
            payload = Arrays.copyOf(payload, payloadBytes);
        }
        ring.add(new KeptMessage(ring.total + 1, m.meta().epochNanos(), m.inbound(), m.msgType(), m.size(), payload), payloadBudget);
    }

    /** Whether the peer has a history (the state tracks it). */
    public synchronized boolean tracks(PeerKey peer) {
        return peers.containsKey(peer);
    }

    /** The peer's kept messages, oldest first (empty when not tracked). */
    public List<KeptMessage> messages(PeerKey peer) {
        return since(peer, 0).messages();
    }

    /**
     * The peer's kept messages numbered after {@code afterSeq}, oldest first, and how many
     * messages after {@code afterSeq} were no longer kept (they came faster than the reader asked);
     * empty when the peer is not tracked.
     */
    public synchronized Slice since(PeerKey peer, long afterSeq) {
        Ring ring = peers.get(peer);
        if (ring == null) {
            return new Slice(List.of(), 0, afterSeq);
        }
        long firstKept = ring.total - ring.size + 1;
        long skipped = Math.max(0, firstKept - afterSeq - 1);
        int from = (int) Math.max(0, afterSeq - firstKept + 1);
        List<KeptMessage> out = new ArrayList<>(Math.max(0, ring.size - from));
        for (int i = from; i < ring.size; i++) {
            out.add(ring.get(i));
        }
        return new Slice(out, skipped, ring.total);
    }

    /**
     * Messages of one peer after a cursor.
     *
     * @param skipped messages after the cursor the history had already let go
     * @param last    the number of the peer's newest message (the next cursor), 0 before any
     */
    public record Slice(List<KeptMessage> messages, long skipped, long last) {
    }

    /** One peer's messages: a fixed ring, payloads released oldest first past the budget. */
    private static final class Ring {
        private final KeptMessage[] slots;
        private int head;
        private int size;
        /** Messages kept since the peer was first seen; the newest one's number. */
        private long total;
        private long payloadBytes;
        /** Messages (from the oldest) whose payload was released: they hold none. */
        private int released;

        Ring(int capacity) {
            slots = new KeptMessage[capacity];
        }

        KeptMessage get(int i) {
            return slots[(head + i) % slots.length];
        }

        void add(KeptMessage m, long budget) {
            if (size == slots.length) {
                KeptMessage oldest = slots[head];
                if (oldest.payload() != null) {
                    payloadBytes -= oldest.payload().length;
                }
                slots[head] = null;
                head = (head + 1) % slots.length;
                size--;
                released = Math.max(0, released - 1);
            }
            slots[(head + size) % slots.length] = m;
            size++;
            total++;
            if (m.payload() != null) {
                payloadBytes += m.payload().length;
            }
            while (payloadBytes > budget && released < size) {
                int at = (head + released) % slots.length;
                KeptMessage old = slots[at];
                if (old.payload() != null) {
                    payloadBytes -= old.payload().length;
                    slots[at] = old.withoutPayload();
                }
                released++;
            }
        }
    }
}
