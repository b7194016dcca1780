package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.web.view.PeerView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The peer view's feed: first the peer and its kept messages, then only what is new (a slow
 * browser's answer coalesced, with how many the history let go), nothing when nothing changed.
 */
class WebPeerFeedTest {
    private static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private static final String ADDR = "203.0.113.9:8333";
    private final NodeState state = new NodeState();
    private final Source source = new Source();
    private final PeerView view = new PeerView(new WebContext(state, source, state::lastEventNanos, a -> "peer-" + a.length()));
    private long seq;
    private double clock;

    private EventMeta meta() {
        clock += 0.25;
        return new EventMeta("n", 4242, 4243, "b-net", seq + 1, T0 + Math.round(clock * 1e9), ++seq);
    }

    private Event ping(boolean inbound, String type, long nonce) {
        byte[] p = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nonce).array();
        return inbound ? new InboundMessage(meta(), 7, ADDR, "outbound-full-relay", type, 8, 8, false, p)
                : new OutboundMessage(meta(), 7, ADDR, "outbound-full-relay", type, 8, 8, false, p);
    }

    /** Plays events the way the web tool registers them: the state first, then the view. */
    private void play(Event... events) throws Exception {
        source.queued.addAll(List.of(events));
        EventStream stream = EventStream.open(source);
        state.register(stream);
        view.register(stream);
        stream.start();
    }

    private PeerView.Conversation next(Feed feed) {
        return (PeerView.Conversation) feed.next();
    }

    @Test
    void firstThePeerAndItsMessagesThenOnlyWhatIsNew() throws Exception {
        play(new OutboundConnection(meta(), 7, ADDR, "outbound-full-relay", Network.IPV4, 1), ping(false, "ping", 42),
                ping(true, "pong", 42), ping(true, "ping", 43));
        Feed feed = view.open(Map.of("id", "7"));
        PeerView.Conversation first = next(feed);
        assertThat(first.first()).isTrue();
        assertThat(first.node()).isEqualTo("n");
        assertThat(first.skipped()).isZero();
        assertThat(first.peer().addr()).isEqualTo("peer-" + ADDR.length()); // shown through the context's addresses
        assertThat(first.peer().connType()).isEqualTo("outbound-full-relay");
        assertThat(first.peer().state()).isEqualTo("open");
        assertThat(first.messages()).containsExactly(
                new PeerView.Message(1, T0 + 500_000_000L, "out", "ping", 8, "nonce 000000000000002a", null),
                new PeerView.Message(2, T0 + 750_000_000L, "in", "pong", 8, "nonce 000000000000002a", 1L),
                new PeerView.Message(3, T0 + 1_000_000_000L, "in", "ping", 8, "nonce 000000000000002b", null));
        assertThat(feed.next()).isNull(); // nothing new

        play(ping(false, "pong", 43), ping(false, "ping", 44));
        PeerView.Conversation later = next(feed);
        assertThat(later.first()).isFalse();
        assertThat(later.skipped()).isZero();
        assertThat(later.messages()).extracting(PeerView.Message::seq, PeerView.Message::partner)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, 3L), org.assertj.core.groups.Tuple.tuple(5L, null));
        assertThat(later.peer().msgsOut()).isEqualTo(3);
        assertThat(feed.next()).isNull();
    }

    @Test
    void aBrowserSlowerThanThePeerGetsTheKeptMessagesAndHowManyWentMissing() throws Exception {
        play(new OutboundConnection(meta(), 7, ADDR, "outbound-full-relay", Network.IPV4, 1), ping(false, "ping", 1));
        Feed feed = view.open(Map.of("node", "n", "id", "7"));
        assertThat(next(feed).messages()).hasSize(1);
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < PeerView.HISTORY + 250; i++) {
            burst.add(ping(i % 2 == 0, "inv", i));
        }
        play(burst.toArray(Event[]::new));
        PeerView.Conversation behind = next(feed);
        assertThat(behind.skipped()).isEqualTo(250);
        assertThat(behind.messages()).hasSize(PeerView.HISTORY);
        assertThat(behind.messages().getFirst().seq()).isEqualTo(252);
        assertThat(behind.messages().getLast().seq()).isEqualTo(PeerView.HISTORY + 251);
        // a browser opening now starts from the kept ones, told how many came before
        PeerView.Conversation fresh = next(view.open(Map.of("id", "7")));
        assertThat(fresh.first()).isTrue();
        assertThat(fresh.skipped()).isEqualTo(251);
        assertThat(fresh.messages()).isEqualTo(behind.messages());
    }

    @Test
    void aPeerTheStateForgetsIsShownGoneOnce() throws Exception {
        play(new OutboundConnection(meta(), 7, ADDR, "outbound-full-relay", Network.IPV4, 1), ping(false, "ping", 1));
        Feed feed = view.open(Map.of("id", "7"));
        next(feed);
        play(new ClosedConnection(meta(), 7, ADDR, "outbound-full-relay", Network.IPV4, 1_700_000_000L));
        assertThat(next(feed).peer().state()).isEqualTo("closed");
        clock += NodeState.GRACE_NANOS / 1e9 + 5;
        play(new MempoolAdded(meta(), "00".repeat(32), 141, 31_200)); // past the grace period: the state drops it
        PeerView.Conversation gone = next(feed);
        assertThat(gone.peer().state()).isEqualTo("gone");
        assertThat(gone.messages()).isEmpty();
        assertThat(feed.next()).isNull();
        assertThatThrownBy(() -> view.open(Map.of("id", "7"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no peer 7 on node n: never seen, or gone for more than 30 s");
    }

    @Test
    void wrongIdsAreRefusedWithAOneLineReason() {
        assertThatThrownBy(() -> view.open(Map.of("id", "7"))).hasMessage("no peer 7 (no node seen yet): never seen, or gone for more than 30 s");
        assertThatThrownBy(() -> view.open(Map.of("id", "x".repeat(100))))
                .hasMessage("a peer id is a whole number, not '" + "x".repeat(40) + "…'");
        assertThatThrownBy(() -> view.open(Map.of())).hasMessageStartingWith("the peer page needs a peer id");
    }

    /** Plays what was queued, once per stream. */
    private static final class Source implements EventSource {
        final List<Event> queued = new ArrayList<>();

        @Override
        public void run(EventSink sink) {
            for (Event e : queued) {
                sink.accept(e);
            }
            queued.clear();
            sink.flush();
        }

        @Override
        public SourceStats stats() {
            return SourceStats.empty();
        }

        @Override
        public void stop() {
        }
    }
}
