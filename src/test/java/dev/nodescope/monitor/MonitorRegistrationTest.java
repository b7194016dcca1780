package dev.nodescope.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Network;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The monitor as the command wires it: per event type, over its node state. */
class MonitorRegistrationTest {
    private final TestEvents e = new TestEvents();

    @Test
    void registeredPerTypeItFoldsPeersAndKeepsTheirMessages() throws Exception {
        MonitorModel model = new MonitorModel();
        ScriptedSource source = new ScriptedSource().queue(e.attached(0), e.inbound(0, 7, "127.0.0.1:50412", Network.UNROUTABLE),
                e.in(1, 7, "127.0.0.1:50412", "inbound", "ping", 8, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                e.out(2, 7, "127.0.0.1:50412", "inbound", "pong", 8, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        EventStream stream = EventStream.open(source);
        model.register(stream);
        assertThat(stream.wantedTracepoints()).doesNotContain(Tracepoint.UTXOCACHE_ADD, Tracepoint.COIN_SELECTION_SELECTED_COINS)
                .containsAll(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE, Tracepoint.VALIDATION_BLOCK_CONNECTED, Tracepoint.MEMPOOL_ADDED));
        stream.start();
        Snapshot s = model.snapshot(TestEvents.at(3), 7);
        assertThat(s.status().node()).isEqualTo("test-node");
        assertThat(s.status().pid()).isEqualTo(4242);
        assertThat(s.peers()).extracting(PeerRow::id).containsExactly(7L);
        assertThat(s.detail().recent()).extracting(dev.nodescope.node.KeptMessage::type).containsExactly("pong", "ping");
        assertThat(model.events()).isEqualTo(3);
    }

    @Test
    void aViewOverASharedStateKeepsMessagesOfThePeersTheStateTracks() throws Exception {
        dev.nodescope.node.NodeState shared = new dev.nodescope.node.NodeState();
        MonitorModel view = new MonitorModel(shared);
        ScriptedSource source = new ScriptedSource().queue(e.inbound(0, 7, "127.0.0.1:50412", Network.UNROUTABLE),
                e.in(1, 7, "127.0.0.1:50412", "inbound", "ping", 8, new byte[8]),
                e.closed(2, 7, "127.0.0.1:50412", "inbound", Network.UNROUTABLE, TestEvents.T0));
        play(source, shared, view);
        assertThat(view.snapshot(TestEvents.at(3), 7).detail().recent()).extracting(dev.nodescope.node.KeptMessage::type)
                .containsExactly("ping");
        source.queue(e.added(40)); // 38 s after the close: the state drops the peer, the view its messages
        play(source, shared, view);
        assertThat(view.snapshot(TestEvents.at(3), 7).detail()).isNull();
        assertThat(shared.node("test-node", TestEvents.at(40)).endedPeers()).isZero();
        assertThat(view.snapshot(TestEvents.at(40), -1).status().mempoolAdded()).isEqualTo(1);
    }

    private static void play(ScriptedSource source, dev.nodescope.node.NodeState shared, MonitorModel view) throws Exception {
        EventStream stream = EventStream.open(source);
        shared.register(stream); // whoever owns the state registers it once per stream
        view.register(stream);
        stream.start();
    }
}
