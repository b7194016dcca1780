package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.TracepointEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real BPF: a string or hash argument the BPF program cannot read (the fixture passes NULL) is
 * {@code (unreadable)} in the event, not "" nor 64 zeros, and is counted as a read_user loss; a
 * string that is really empty stays "".
 */
@ExtendWith(BpfAvailable.class)
class UnreadableArgumentsTest {
    private static final String TXID = "00000000000000000000000000000000000000000000000000000000000000aa";

    @Test
    void anUnreadableArgumentIsSaidToBe() throws Exception {
        List<Event> events;
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            events = LiveSourceTest.capture(fx, LiveSource.builder(), "all", List.of(
                    "net:inbound_message 7 NULL inbound ping 8 hex:0102030405060708",
                    "net:misbehaving_connection 3 NULL",
                    "mempool:rejected NULL \"min relay fee not met\"",
                    "mempool:replaced " + TXID + " 141 40000 1700000456 NULL 150 45000 true",
                    "coin_selection:attempting_aps_create_tx \"\""));
        }
        assertThat(events).filteredOn(InboundMessage.class::isInstance).singleElement().satisfies(e -> {
            InboundMessage m = (InboundMessage) e;
            assertThat(m.addr()).isEqualTo(TracepointEvent.UNREADABLE);
            assertThat(m.connType()).isEqualTo("inbound");
            assertThat(m.msgType()).isEqualTo("ping");
        });
        assertThat(events).filteredOn(MisbehavingConnection.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((MisbehavingConnection) e).reason()).isEqualTo(TracepointEvent.UNREADABLE));
        assertThat(events).filteredOn(MempoolRejected.class::isInstance).singleElement().satisfies(e -> {
            assertThat(((MempoolRejected) e).txid()).isEqualTo(TracepointEvent.UNREADABLE);
            assertThat(((MempoolRejected) e).reason()).isEqualTo("min relay fee not met");
        });
        assertThat(events).filteredOn(MempoolReplaced.class::isInstance).singleElement().satisfies(e -> {
            assertThat(((MempoolReplaced) e).replacedTxid()).isEqualTo(TXID);
            assertThat(((MempoolReplaced) e).replacementId()).isEqualTo(TracepointEvent.UNREADABLE);
        });
        assertThat(events).filteredOn(AttemptingApsCreateTx.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((AttemptingApsCreateTx) e).wallet()).isEmpty());
        assertThat(events).filteredOn(Loss.class::isInstance).map(e -> (Loss) e)
                .filteredOn(l -> l.stage().equals("read_user")).extracting(Loss::count).containsOnly(1L).hasSize(4);
    }
}
