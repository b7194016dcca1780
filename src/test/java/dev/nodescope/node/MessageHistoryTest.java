package dev.nodescope.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer's kept messages: numbered, capped in count and payload bytes, following the state's peers. */
class MessageHistoryTest {
    private static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private final NodeState state = new NodeState();
    private long seq;

    private EventMeta meta(double seconds) {
        return new EventMeta("n", 4242, 4243, "b-net", Math.round(seconds * 1e9) + 1, T0 + Math.round(seconds * 1e9), ++seq);
    }

    /** Folds like the stream does: the state first, then the history. */
    private void fold(MessageHistory history, dev.nodescope.event.Event e) {
        state.accept(e);
        if (e instanceof MessageEvent m) {
            history.accept(m);
        }
    }

    private MessageEvent message(double t, long peer, boolean inbound, String type, int payloadBytes) {
        byte[] payload = payloadBytes < 0 ? null : new byte[payloadBytes];
        int captured = payload == null ? 0 : payload.length;
        long size = Math.max(0, payloadBytes);
        return inbound ? new InboundMessage(meta(t), peer, "10.0.0.1:8333", "inbound", type, size, captured, false, payload)
                : new OutboundMessage(meta(t), peer, "10.0.0.1:8333", "inbound", type, size, captured, false, payload);
    }

    @Test
    void messagesAreNumberedAndCappedPerPeerOldestGoingFirst() {
        MessageHistory history = new MessageHistory(state, 5, 100, 1_000);
        PeerKey one = new PeerKey("n", 1);
        PeerKey two = new PeerKey("n", 2);
        fold(history, new InboundConnection(meta(0), 1, "10.0.0.1:8333", "inbound", Network.IPV4, 1));
        for (int i = 0; i < 8; i++) {
            fold(history, message(1 + i, 1, i % 2 == 0, "ping", 8));
        }
        fold(history, message(20, 2, true, "version", 120)); // peer 2 is first seen through a message
        assertThat(history.messages(one)).extracting(KeptMessage::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(history.messages(one)).extracting(KeptMessage::inbound).containsExactly(false, true, false, true, false);
        assertThat(history.messages(one).getFirst().epochNanos()).isEqualTo(T0 + 4_000_000_000L);
        assertThat(history.messages(two)).extracting(KeptMessage::seq).containsExactly(1L);
        assertThat(history.messages(two).getFirst().payload()).hasSize(100); // cut to the per-message limit

        // a reader that showed up to 5 gets 6..8; one that showed up to 1 learns 2 were let go
        assertThat(history.since(one, 5)).isEqualTo(new MessageHistory.Slice(history.messages(one).subList(2, 5), 0, 8));
        MessageHistory.Slice behind = history.since(one, 1);
        assertThat(behind.skipped()).isEqualTo(2);
        assertThat(behind.messages()).extracting(KeptMessage::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(history.since(one, 8).messages()).isEmpty();
        assertThat(history.since(one, 0).skipped()).isEqualTo(3); // before the kept ones
    }

    @Test
    void payloadsPastThePeersBudgetAreReleasedOldestFirst() {
        MessageHistory history = new MessageHistory(state, 10, 400, 1_000);
        PeerKey one = new PeerKey("n", 1);
        fold(history, new InboundConnection(meta(0), 1, "10.0.0.1:8333", "inbound", Network.IPV4, 1));
        fold(history, message(1, 1, true, "tx", 300));
        fold(history, message(2, 1, true, "tx", 300));
        fold(history, message(3, 1, false, "verack", -1)); // nothing captured
        fold(history, message(4, 1, true, "tx", 300));
        assertThat(payloadSizes(history.messages(one))).containsExactly(300, 300, -1, 300);
        fold(history, message(5, 1, true, "block", 50_000)); // cut to 400: 1300 > 1000, the oldest payload goes
        assertThat(payloadSizes(history.messages(one))).containsExactly(-1, 300, -1, 300, 400);
        for (int i = 0; i < 12; i++) {
            fold(history, message(6 + i, 1, true, "tx", 300));
        }
        List<KeptMessage> kept = history.messages(one);
        assertThat(kept).hasSize(10);
        assertThat(payloadSizes(kept)).containsExactly(-1, -1, -1, -1, -1, -1, -1, 300, 300, 300);
        assertThat(kept.stream().filter(m -> m.payload() != null).mapToInt(m -> m.payload().length).sum()).isLessThanOrEqualTo(1_000);
        assertThat(kept).allMatch(m -> m.size() == 300 && m.type().equals("tx"));
    }

    @Test
    void aHistoryEndsWhenTheStateDropsItsPeer() {
        MessageHistory history = new MessageHistory(state, 10, 100, 1_000);
        PeerKey one = new PeerKey("n", 1);
        fold(history, new InboundConnection(meta(0), 1, "10.0.0.1:8333", "inbound", Network.IPV4, 1));
        fold(history, message(1, 1, true, "ping", 8));
        fold(history, new ClosedConnection(meta(2), 1, "10.0.0.1:8333", "inbound", Network.IPV4, 1_700_000_000L));
        assertThat(history.tracks(one)).isTrue(); // ended, within the grace period: still shown
        fold(history, message(40, 2, true, "ping", 8)); // 38 s later the state drops peer 1
        assertThat(history.tracks(one)).isFalse();
        assertThat(history.messages(one)).isEmpty();
        assertThat(history.since(one, 1)).isEqualTo(new MessageHistory.Slice(List.of(), 0, 1));
    }

    private static List<Integer> payloadSizes(List<KeptMessage> messages) {
        return messages.stream().map(m -> m.payload() == null ? -1 : m.payload().length).toList();
    }
}
