package dev.nodescope.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Attached;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStateTest {
    /** 2023-11-14T22:13:20Z */
    private static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private long seq;

    private static long at(double seconds) {
        return T0 + Math.round(seconds * 1e9);
    }

    private EventMeta meta(String node, double seconds) {
        return new EventMeta(node, 4242, 4243, "b-net", Math.round(seconds * 1e9) + 1, at(seconds), ++seq);
    }

    private InboundConnection inbound(String node, double t, long peer) {
        return new InboundConnection(meta(node, t), peer, "10.0.0." + peer + ":8333", "inbound", Network.IPV4, 1);
    }

    private InboundMessage in(String node, double t, long peer, String type, long size, byte[] payload) {
        return new InboundMessage(meta(node, t), peer, "10.0.0." + peer + ":8333", "outbound-full-relay", type, size,
                payload == null ? 0 : payload.length, false, payload);
    }

    private OutboundMessage out(String node, double t, long peer, String type, long size, byte[] payload) {
        return new OutboundMessage(meta(node, t), peer, "10.0.0." + peer + ":8333", "outbound-full-relay", type, size,
                payload == null ? 0 : payload.length, false, payload);
    }

    private ClosedConnection closed(String node, double t, long peer) {
        return new ClosedConnection(meta(node, t), peer, "10.0.0." + peer + ":8333", "inbound", Network.IPV4, 1_700_000_000L);
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Test
    void peersOfTwoNodesWithTheSameIdStayApart() {
        NodeState state = new NodeState();
        state.accept(inbound("alpha", 0, 7));
        state.accept(new OutboundConnection(meta("beta", 0), 7, "10.1.0.7:8333", "block-relay-only", Network.ONION, 1));
        state.accept(in("alpha", 1, 7, "inv", 100, null));
        state.accept(out("alpha", 1, 7, "getdata", 40, null));
        state.accept(in("beta", 2, 7, "headers", 5000, null));

        assertThat(state.nodeNames()).containsExactly("alpha", "beta");
        PeerSnapshot a = state.peer(new PeerKey("alpha", 7));
        PeerSnapshot b = state.peer(new PeerKey("beta", 7));
        assertThat(a.direction()).isEqualTo(PeerSnapshot.Direction.INBOUND);
        assertThat(a.network()).isEqualTo("ipv4");
        assertThat(List.of(a.msgsIn(), a.bytesIn(), a.msgsOut(), a.bytesOut())).containsExactly(1L, 100L, 1L, 40L);
        assertThat(b.direction()).isEqualTo(PeerSnapshot.Direction.OUTBOUND);
        assertThat(b.connType()).isEqualTo("block-relay-only");
        assertThat(b.network()).isEqualTo("onion");
        assertThat(List.of(b.msgsIn(), b.bytesIn(), b.msgsOut(), b.bytesOut())).containsExactly(1L, 5000L, 0L, 0L);
        assertThat(state.messageTypes(new PeerKey("alpha", 7)))
                .containsExactly(new TypeTraffic("inv", 1, 100, 0, 0), new TypeTraffic("getdata", 0, 0, 1, 40));
        assertThat(state.node("alpha", at(3)).events()).isEqualTo(3);
        assertThat(state.node("beta", at(3)).events()).isEqualTo(2);
        assertThat(a.ageNanos(at(10))).isEqualTo(10_000_000_000L);
    }

    @Test
    void pingUserAgentAndMisbehaviourComeFromTheMessages() {
        NodeState state = new NodeState();
        state.accept(in("n", 0, 3, "version", 0, version(70016, "/Satoshi:29.0.0/")));
        state.accept(out("n", 1, 3, "ping", 8, le64(0x1122334455667788L)));
        state.accept(in("n", 1.5, 3, "pong", 8, le64(0x1122334455667799L))); // not ours: no round trip
        state.accept(in("n", 1.25, 3, "pong", 8, le64(0x1122334455667788L)));
        state.accept(new MisbehavingConnection(meta("n", 2), 3, "invalid header received"));
        state.accept(new MisbehavingConnection(meta("n", 3), 3, "headers message size = 2001"));

        PeerSnapshot p = state.peer(new PeerKey("n", 3));
        assertThat(p.userAgent()).isEqualTo("/Satoshi:29.0.0/");
        assertThat(p.protocolVersion()).isEqualTo(70016);
        assertThat(p.pingNanos()).isEqualTo(250_000_000L);
        assertThat(p.misbehaviours()).isEqualTo(2);
        assertThat(p.misbehaving()).isEqualTo("headers message size = 2001");
        assertThat(p.ageIsLowerBound()).isTrue(); // first seen through a message
    }

    private static byte[] version(int protocol, String userAgent) {
        byte[] ua = userAgent.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 26 + 26 + 8 + 1 + ua.length + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(protocol).putLong(1033).putLong(1_700_000_000L);
        b.put(new byte[26]).put(new byte[26]).putLong(42);
        b.put((byte) ua.length).put(ua).putInt(870_000).put((byte) 1);
        return b.array();
    }

    @Test
    void endedPeersStayForTheGracePeriodThenListenersHearTheyAreDropped() {
        NodeState state = new NodeState();
        List<String> heard = new ArrayList<>();
        state.addListener(new PeerListener() {
            @Override
            public void joined(PeerSnapshot peer) {
                heard.add("joined " + peer.key() + " " + peer.connType());
            }

            @Override
            public void left(PeerSnapshot peer) {
                heard.add("left " + peer.key() + " " + peer.state());
            }

            @Override
            public void dropped(PeerKey peer) {
                heard.add("dropped " + peer);
            }
        });
        state.accept(inbound("n", 0, 1));
        state.accept(inbound("n", 0, 2));
        state.accept(closed("n", 5, 1));
        state.accept(new EvictedInboundConnection(meta("n", 6), 2, "10.0.0.2:8333", "inbound", Network.IPV4, 1_700_000_000L));

        assertThat(state.peers("n", at(35))).extracting(PeerSnapshot::id).containsExactly(1L, 2L);
        assertThat(state.peers("n", at(35.5))).extracting(PeerSnapshot::id).containsExactly(2L); // 1 is past its grace
        assertThat(state.node("n", at(35.5)).endedPeers()).isEqualTo(2); // not dropped before the next event
        state.accept(new MempoolAdded(meta("n", 36.5), "00".repeat(32), 141, 31200));
        assertThat(state.node("n", at(37)).endedPeers()).isZero();
        assertThat(state.peer(new PeerKey("n", 1))).isNull();
        assertThat(heard).containsExactly("joined PeerKey[node=n, peerId=1] inbound", "joined PeerKey[node=n, peerId=2] inbound",
                "left PeerKey[node=n, peerId=1] CLOSED", "left PeerKey[node=n, peerId=2] EVICTED",
                "dropped PeerKey[node=n, peerId=1]", "dropped PeerKey[node=n, peerId=2]");
    }

    @Test
    void capsBoundNodesEndedPeersAndTypes() {
        NodeState state = new NodeState();
        for (int i = 0; i < NodeState.MAX_NODES + 3; i++) {
            state.accept(inbound("node-" + i, 0, 1));
        }
        assertThat(state.nodeNames()).hasSize(NodeState.MAX_NODES).last().isEqualTo("node-" + (NodeState.MAX_NODES - 1));
        assertThat(state.node("node-" + NodeState.MAX_NODES, at(1))).isNull();

        state = new NodeState();
        for (int i = 0; i < 100; i++) {
            state.accept(inbound("x", 0, i));
            state.accept(closed("x", i / 10.0, i));
        }
        assertThat(state.peers("x", at(10))).hasSize(NodeState.MAX_ENDED_PEERS).first()
                .extracting(PeerSnapshot::id).isEqualTo(100L - NodeState.MAX_ENDED_PEERS);

        for (int i = 0; i < NodeState.MAX_TYPES + 5; i++) {
            state.accept(in("y", 1, 9, "junk" + i, 10, null));
        }
        List<TypeTraffic> types = state.messageTypes(new PeerKey("y", 9));
        assertThat(types).hasSize(NodeState.MAX_TYPES + 1);
        assertThat(types.getLast()).isEqualTo(new TypeTraffic(NodeState.OTHER_TYPES, 5, 50, 0, 0));
    }

    @Test
    void mempoolRatesAreOverTheLastTenSecondsOfEventTime() {
        NodeState state = new NodeState();
        state.accept(new Attached(meta("n", 0), "/usr/local/bin/bitcoind", 4242, List.of("mempool:added"), List.of()));
        for (int i = 0; i < 20; i++) {
            state.accept(new MempoolAdded(meta("n", 0.5 + i / 100.0), "00".repeat(32), 141, 31200));
        }
        NodeSnapshot n = state.node("n", at(2));
        assertThat(n.pid()).isEqualTo(4242);
        assertThat(n.mempoolAdded()).isEqualTo(20);
        assertThat(n.mempoolAddedPerSec()).isEqualTo(2.0);
        assertThat(state.node("n", at(10.9)).mempoolAddedPerSec()).isEqualTo(2.0);
        assertThat(state.node("n", at(11)).mempoolAddedPerSec()).isZero();
    }

    @Test
    void registeringAsksOnlyForWhatTheStateFolds() {
        EventStream stream = EventStream.open(new NoSource());
        new NodeState().register(stream);
        assertThat(stream.wantedTracepoints()).isEqualTo(EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE, Tracepoint.NET_OUTBOUND_MESSAGE,
                Tracepoint.NET_INBOUND_CONNECTION, Tracepoint.NET_OUTBOUND_CONNECTION, Tracepoint.NET_EVICTED_INBOUND_CONNECTION,
                Tracepoint.NET_MISBEHAVING_CONNECTION, Tracepoint.NET_CLOSED_CONNECTION, Tracepoint.VALIDATION_BLOCK_CONNECTED,
                Tracepoint.MEMPOOL_ADDED, Tracepoint.MEMPOOL_REMOVED, Tracepoint.MEMPOOL_REPLACED, Tracepoint.MEMPOOL_REJECTED));
    }

    private static final class NoSource implements EventSource {
        @Override
        public void run(dev.nodescope.stream.EventSink sink) {
        }

        @Override
        public dev.nodescope.stream.SourceStats stats() {
            return dev.nodescope.stream.SourceStats.empty();
        }

        @Override
        public void stop() {
        }
    }
}
