package dev.nodescope.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.node.NodeState;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.view.TrafficView.Totals;
import dev.nodescope.web.view.TrafficView.Traffic;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The per-second buckets behind the traffic and chain pages: the window's bound, incremental answers, the "(other)" cap. */
class WebBucketsTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_764_662_400L; // epoch seconds
    private long seq;

    private static long[] bucket(long second, long... columns) {
        long[] b = new long[columns.length + 1];
        b[0] = second;
        System.arraycopy(columns, 0, b, 1, columns.length);
        return b;
    }

    @Test
    void theWindowKeepsItsLastSecondsOnly() {
        SecondBuckets b = new SecondBuckets(900);
        long revision = 0;
        for (long s = 0; s < 1000; s++) {
            b.add((T0 + s) * S + 5, 0, s + 1, ++revision);
        }
        SecondBuckets.Window w = b.since(-1);
        assertThat(w.from()).isEqualTo(T0 + 100);
        assertThat(w.to()).isEqualTo(T0 + 999);
        assertThat(w.buckets()).hasSize(900);
        // each second holds its own amount: a slot taken over by a new second starts from zero
        assertThat(w.buckets().getFirst()).containsExactly(T0 + 100, 101);
        assertThat(w.buckets().getLast()).containsExactly(T0 + 999, 1000);
        // an event older than the window is not kept (nor does it move the window back)
        b.add((T0 + 99) * S, 0, 7, ++revision);
        assertThat(b.since(revision - 1).buckets()).isEmpty();
        // a second inside the window still takes late events
        b.add((T0 + 100) * S, 2, 3, ++revision);
        assertThat(b.since(revision - 1).buckets()).containsExactly(bucket(T0 + 100, 101, 0, 3));
    }

    @Test
    void aJumpAheadEmptiesTheWindowOfWhatLeftIt() {
        SecondBuckets b = new SecondBuckets(900);
        b.add(T0 * S, 0, 1, 1);
        b.add((T0 + 5000) * S, 1, 2, 2);
        assertThat(b.since(-1).buckets()).containsExactly(bucket(T0 + 5000, 0, 2));
        assertThat(new SecondBuckets(900).since(-1).buckets()).isEmpty();
    }

    @Test
    void laterAnswersHoldOnlyTheSecondsThatChangedWithTheirWholeSums() {
        SecondBuckets b = new SecondBuckets(900);
        b.add(T0 * S, 0, 1, 1);
        b.add((T0 + 1) * S, 0, 1, 2);
        b.add((T0 + 2) * S, 1, 4, 3);
        assertThat(b.since(-1).buckets()).hasSize(3);
        assertThat(b.since(3).buckets()).isEmpty();
        b.add((T0 + 1) * S + 500, 0, 1, 4);
        b.add((T0 + 3) * S, 0, 9, 5);
        assertThat(b.since(3).buckets()).containsExactly(bucket(T0 + 1, 2), bucket(T0 + 3, 9));
        assertThat(b.since(4).buckets()).containsExactly(bucket(T0 + 3, 9));
    }

    @Test
    void namesBeyondTheCapShareOther() {
        CappedNames names = new CappedNames(3);
        assertThat(List.of(names.index("a"), names.index("b"), names.index("c"), names.index("d"), names.index("e"), names.index("b")))
                .containsExactly(0, 1, 2, 3, 3, 1);
        assertThat(names.names()).containsExactly("a", "b", "c", CappedNames.OTHER);
    }

    private EventMeta meta(long epochNanos) {
        return new EventMeta("n1", 42, 43, "b-msghand", epochNanos, epochNanos, ++seq);
    }

    private InboundMessage in(long at, String type, long size) {
        return new InboundMessage(meta(at), 1, "10.0.0.1:8333", "inbound", type, size, 0, false, null);
    }

    private OutboundMessage out(long at, String type, long size) {
        return new OutboundMessage(meta(at), 2, "10.0.0.2:8333", "outbound-full-relay", type, size, 0, false, null);
    }

    private static WebContext context(NodeState state) {
        return new WebContext(state, null, () -> 0, UnaryOperator.identity());
    }

    @Test
    void aTrafficFeedAnswersWholeThenOnlyWhatChanged() {
        NodeState state = new NodeState();
        TrafficView view = new TrafficView(context(state));
        Feed feed = view.open(Map.of());
        assertThat(feed.next()).as("no node yet").isNull();
        List<dev.nodescope.event.MessageEvent> events = List.of(in(T0 * S, "ping", 8), in(T0 * S + 1, "inv", 37),
                out(T0 * S + 2, "getdata", 73), out((T0 + 1) * S, "ping", 8));
        fold(view, state, events);
        Traffic whole = (Traffic) feed.next();
        assertThat(whole.whole()).isTrue();
        assertThat(whole.types()).containsExactly("ping", "inv", "getdata");
        // ping: msgs in, bytes in, msgs out, bytes out; then inv; then getdata
        assertThat(whole.byType()).containsExactly(bucket(T0, 1, 8, 0, 0, 1, 37, 0, 0, 0, 0, 1, 73), bucket(T0 + 1, 0, 0, 1, 8));
        assertThat(whole.typeTotals()).containsExactly(new Totals("ping", 1, 8, 1, 8), new Totals("inv", 1, 37, 0, 0),
                new Totals("getdata", 0, 0, 1, 73));
        assertThat(whole.connTypes()).containsExactly("inbound", "outbound-full-relay");
        // inv of 37 bytes holds one entry (1 + 36), getdata of 73 two: told from the wire size, no payload needed
        assertThat(whole.relay().received().inv()).isEqualTo(new TrafficView.Count(1, 1, "entries", 0));
        assertThat(whole.relay().received().getdata()).isEqualTo(new TrafficView.Count(1, 2, "entries", 0));
        assertThat(whole.relay().received().requestedPerAnnounced()).isEqualTo(2.0);
        assertThat(feed.next()).as("nothing new").isNull();
        fold(view, state, List.of(in((T0 + 1) * S + 9, "inv", 40)));
        Traffic next = (Traffic) feed.next();
        assertThat(next.whole()).isFalse();
        assertThat(next.byType()).containsExactly(bucket(T0 + 1, 0, 0, 1, 8, 1, 40));
        // 40 bytes is no whole number of entries: counted as one message
        assertThat(next.relay().received().inv()).isEqualTo(new TrafficView.Count(2, 2, "entries and messages", 1));
    }

    @Test
    void aFeedStartsOverWholeWhenTheNodeShownChanges() {
        NodeState state = new NodeState();
        TrafficView view = new TrafficView(context(state));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> view.open(Map.of("node", "nope")))
                .withMessage("no node named 'nope'");
        Feed feed = view.open(Map.of());
        fold(view, state, List.of(in(T0 * S, "ping", 8)));
        assertThat(((Traffic) feed.next()).node()).isEqualTo("n1");
        var other = new InboundMessage(new EventMeta("n2", 7, 8, "b-msghand", T0 * S + 5, T0 * S + 5, ++seq), 1, "10.0.0.9:8333",
                "inbound", "pong", 8, 0, false, null);
        state.accept(other);
        view.accept(other);
        Traffic n2 = (Traffic) feed.next();
        assertThat(n2.node()).isEqualTo("n2");
        assertThat(n2.whole()).isTrue();
        assertThat(n2.types()).containsExactly("pong");
    }

    @Test
    void messageTypesBeyondTheCapShareOtherInBucketsAndTotals() {
        NodeState state = new NodeState();
        TrafficView view = new TrafficView(context(state));
        List<InboundMessage> events = new java.util.ArrayList<>();
        for (int i = 0; i < NodeState.MAX_TYPES + 12; i++) {
            events.add(in(T0 * S + i, "made-up-" + i, 10));
        }
        fold(view, state, events);
        Traffic t = view.since("n1", -1);
        assertThat(t.types()).hasSize(NodeState.MAX_TYPES + 1).endsWith(CappedNames.OTHER);
        assertThat(t.typeTotals().getLast()).isEqualTo(new Totals(CappedNames.OTHER, 12, 120, 0, 0));
        long[] b = t.byType().getFirst();
        assertThat(b).hasSize(1 + NodeState.MAX_TYPES * NodeTraffic.COLUMNS + 2);
        assertThat(b[1 + NodeState.MAX_TYPES * NodeTraffic.COLUMNS]).isEqualTo(12);
    }

    @Test
    void aChainFeedSendsNewBlocksOnlyAndCapsReasons() {
        NodeState state = new NodeState();
        ChainView view = new ChainView(context(state));
        Feed feed = view.open(Map.of());
        List<dev.nodescope.event.TracepointEvent> events = new java.util.ArrayList<>();
        events.add(new BlockConnected(meta(T0 * S), "00ab", 870_000, 3000, 7000, 9000, 12_500_000));
        events.add(new MempoolAdded(meta(T0 * S + 1), "t1", 140, 500));
        for (int i = 0; i < NodeChain.MAX_REASONS + 3; i++) {
            events.add(new MempoolRejected(meta((T0 + 1) * S + i), "t" + i, i == 0 ? "dust" : "reason " + i));
        }
        events.add(new MempoolRejected(meta((T0 + 2) * S), "tx", "dust"));
        events.forEach(e -> {
            state.accept(e);
            view.accept(e);
        });
        ChainView.Chain whole = (ChainView.Chain) feed.next();
        assertThat(whole.whole()).isTrue();
        assertThat(whole.blocks()).containsExactly(new ChainView.Block(870_000, "00ab", T0 * 1000, 12.5, 3000, 7000, 9000));
        assertThat(whole.mempool()).containsExactly(bucket(T0, 1), bucket(T0 + 1, 0, 0, 0, NodeChain.MAX_REASONS + 3),
                bucket(T0 + 2, 0, 0, 0, 1));
        assertThat(whole.rejected()).isEqualTo(NodeChain.MAX_REASONS + 4);
        assertThat(whole.rejectionReasons()).hasSize(NodeChain.MAX_REASONS + 1);
        assertThat(whole.rejectionReasons().getFirst()).isEqualTo(new ChainView.Reason(CappedNames.OTHER, 3));
        assertThat(whole.rejectionReasons().get(1)).isEqualTo(new ChainView.Reason("dust", 2));
        var block = new BlockConnected(meta((T0 + 2) * S + 5), "00cd", 870_001, 10, 20, 30, 1_000_000);
        state.accept(block);
        view.accept(block);
        ChainView.Chain next = (ChainView.Chain) feed.next();
        assertThat(next.whole()).isFalse();
        assertThat(next.blocks()).extracting(ChainView.Block::height).containsExactly(870_001);
        assertThat(next.mempool()).isEmpty();
        assertThat(next.blocksConnected()).isEqualTo(2);
        assertThat(next.tip()).isEqualTo(870_001);
        assertThat(feed.next()).isNull();
    }

    private static void fold(TrafficView view, NodeState state, List<? extends dev.nodescope.event.MessageEvent> events) {
        for (var e : events) {
            state.accept(e);
            view.accept(e);
        }
    }
}
