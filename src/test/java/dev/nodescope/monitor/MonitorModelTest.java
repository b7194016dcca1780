package dev.nodescope.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Network;
import org.junit.jupiter.api.Test;

/** The model's memory stays bounded however long it runs and whatever peers send. */
class MonitorModelTest {
    @Test
    void recentMessagesAndKeptPayloadsAreCapped() {
        MonitorModel model = new MonitorModel();
        TestEvents e = new TestEvents();
        model.accept(e.inbound(0, 1, "10.0.0.1:8333", Network.IPV4));
        for (int i = 0; i < 300; i++) {
            model.accept(e.in(1, 1, "10.0.0.1:8333", "inbound", "block", 100_000, new byte[65_536]));
        }
        PeerDetail d = model.snapshot(TestEvents.at(1), 1).detail();
        assertThat(d.recent()).hasSize(MonitorModel.RECENT_MESSAGES);
        assertThat(d.recent()).allMatch(m -> m.payload().length == MonitorModel.KEPT_PAYLOAD_BYTES);
        assertThat(d.peer().msgsIn()).isEqualTo(300);
        assertThat(d.peer().bytesIn()).isEqualTo(30_000_000);
    }

    @Test
    void endedPeersAreCappedOldestFirst() {
        MonitorModel model = new MonitorModel();
        TestEvents e = new TestEvents();
        for (int i = 0; i < 100; i++) {
            model.accept(e.inbound(0, i, "10.0.0.1:8333", Network.IPV4));
            model.accept(e.closed(i / 10.0, i, "10.0.0.1:8333", "inbound", Network.IPV4, TestEvents.T0));
        }
        var peers = model.snapshot(TestEvents.at(10), -1).peers();
        assertThat(peers).hasSize(MonitorModel.MAX_ENDED_PEERS);
        assertThat(peers.getFirst().id()).isEqualTo(100 - MonitorModel.MAX_ENDED_PEERS);
        assertThat(peers.getLast().id()).isEqualTo(99);
    }

    @Test
    void theNodePickerGoesThroughAFleetsNodesAndStaysWhereItWasPut() {
        MonitorModel model = new MonitorModel();
        TestEvents fra = new TestEvents("fra1");
        TestEvents ams = new TestEvents("ams1");
        model.accept(fra.attached(0));
        model.accept(fra.inbound(0.1, 1, "10.0.0.1:8333", Network.IPV4));
        model.accept(ams.attached(0.2));
        model.accept(ams.inbound(0.3, 7, "10.0.0.7:8333", Network.IPV4));
        model.accept(ams.inbound(0.4, 8, "10.0.0.8:8333", Network.IPV4));
        // the node that attached last is shown, with its place among the nodes
        Snapshot s = model.snapshot(TestEvents.at(1), -1);
        assertThat(s.status().node()).isEqualTo("ams1");
        assertThat(s.status().nodeIndex()).isEqualTo(2);
        assertThat(s.status().nodes()).isEqualTo(2);
        assertThat(s.peers()).extracting(PeerRow::id).containsExactly(7L, 8L);
        assertThat(StatusBar.line1(s.status(), TestEvents.at(1), false)).contains("node ams1 (2/2, n: next)");
        model.showNextNode();
        s = model.snapshot(TestEvents.at(1), -1);
        assertThat(s.status().node()).isEqualTo("fra1");
        assertThat(s.peers()).extracting(PeerRow::id).containsExactly(1L);
        // chosen: another node attaching again does not take the screen
        model.accept(ams.attached(2));
        assertThat(model.snapshot(TestEvents.at(2), -1).status().node()).isEqualTo("fra1");
        model.showNextNode();
        assertThat(model.snapshot(TestEvents.at(2), -1).status().node()).isEqualTo("ams1");
    }

    @Test
    void madeUpMessageTypesShareOneBucket() {
        MonitorModel model = new MonitorModel();
        TestEvents e = new TestEvents();
        for (int i = 0; i < 60; i++) {
            model.accept(e.in(1, 2, "10.0.0.2:8333", "inbound", "junk" + i, 10, null));
        }
        PeerDetail d = model.snapshot(TestEvents.at(1), 2).detail();
        assertThat(d.types()).hasSize(dev.nodescope.node.NodeState.MAX_TYPES + 1);
        assertThat(d.types().getLast()).isEqualTo(new PeerDetail.TypeCount(dev.nodescope.node.NodeState.OTHER_TYPES, 12, 120, 0, 0));
        // first seen through a message: address and type from it, network and open time unknown
        assertThat(d.peer().addr()).isEqualTo("10.0.0.2:8333");
        assertThat(d.peer().connType()).isEqualTo("inbound");
        assertThat(d.peer().network()).isNull();
        assertThat(d.peer().ageIsLowerBound()).isTrue();
    }
}
