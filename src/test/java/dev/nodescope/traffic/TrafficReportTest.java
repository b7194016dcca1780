package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.archive.ArchiveSource.TimeBound;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code traffic report} counts known traffic exactly: totals, per accepted transaction, peer-hours, windows. */
class TrafficReportTest {
    static final int SECONDS = 600;
    static final int MAX_TXS = 3;
    static final long SEED = 7;

    /** What both runs share: handshakes of 31 peers, 11 ping rounds of 30 peers and the late peer's, 5 blocks. */
    static final long BACKGROUND_PAYLOAD = 31L * 2 * TrafficRuns.VERSION + 11L * 30 * 2 * TrafficRuns.PING + 2 * TrafficRuns.PING
            + 5L * (TrafficRuns.CMPCTBLOCK + 20 * TrafficRuns.HEADERS);
    static final long BACKGROUND_MESSAGES = 31L * 4 + 11L * 30 * 2 + 2 + 5L * 21;

    static long transactions() {
        return Arrays.stream(TrafficRuns.txsPerSecond(SECONDS, MAX_TXS, SEED)).sum();
    }

    @Test
    void floodingRunExactly(@TempDir Path dir) throws Exception {
        TrafficRuns.write(dir, TrafficRuns.FLOOD, SECONDS, MAX_TXS, SEED, TrafficRuns.START_EPOCH_NANOS);
        TrafficSummary s = Tallies.read(dir);
        long t = transactions();
        assertThat(t).isEqualTo(904);
        assertThat(s.accepted()).isEqualTo(t);
        assertThat(s.total().messages()).isEqualTo(BACKGROUND_MESSAGES + 38 * t);
        assertThat(s.total().payloadBytes()).isEqualTo(BACKGROUND_PAYLOAD + 1619 * t);
        assertThat(s.total().wireBytes(Transport.V1)).isEqualTo(BACKGROUND_PAYLOAD + 1619 * t + 24 * (BACKGROUND_MESSAGES + 38 * t));
        Counts relay = s.txRelay();
        assertThat(relay.messages()).isEqualTo(38 * t);
        assertThat(s.perAcceptedTx(relay.payloadBytes())).isEqualTo(1619.0);
        assertThat(s.perAcceptedTx(relay.wireBytes(Transport.V1))).isEqualTo(1619.0 + 38 * 24);
        // inv, getdata and tx have BIP324 short ids: 20 + 1 bytes each
        assertThat(s.perAcceptedTx(relay.wireBytes(Transport.V2))).isEqualTo(1619.0 + 38 * 21);
        Map<String, Counts> byType = s.by(TrafficSummary.Row::msgType);
        assertThat(byType.get("inv").messages()).isEqualTo(36 * t);
        assertThat(byType.get("tx").payloadBytes()).isEqualTo(250 * t);
        assertThat(byType).doesNotContainKeys("reqrecon", "sketch", "reconcildiff", "sendtxrcncl");
        // versions have no short id: 20 + 13 bytes under v2
        assertThat(byType.get("version").wireBytes(Transport.V2)).isEqualTo(62L * TrafficRuns.VERSION + 62 * 33);
        // the window: the first event (peer 0 opens) to the last (the pong of peer 29 at 600.529 s)
        long end = 600_529_000_001L;
        assertThat(s.startNanos()).isEqualTo(TrafficRuns.START_EPOCH_NANOS);
        assertThat(s.durationNanos()).isEqualTo(end);
        // peers 0-29 from their opening (p ms) to the end; the late peer 100 s
        long connected = 30 * end - 435 * 1_000_000L + 100_000_000_000L;
        assertThat(s.connectedNanos()).isEqualTo(connected);
        assertThat(s.connections()).isEqualTo(31);
        assertThat(s.peerHours("block-relay-only")).isEqualTo((2 * end - 17 * 1_000_000L) / 3.6e12);
        assertThat(s.blocks().size()).isEqualTo(21); // 30 s blocks over 600.529 s
        assertThat(Arrays.stream(s.blocks().accepted()).sum()).isEqualTo(t);
        // the top talker: peer 0 gets every cmpctblock
        assertThat(s.talkers().getFirst().peerId()).isZero();
        assertThat(s.talkersExact()).isTrue();
        assertThat(s.peers()).isEqualTo(31);
    }

    @Test
    void reconciliationRunExactly(@TempDir Path dir) throws Exception {
        TrafficRuns.write(dir, TrafficRuns.RECONCILE, SECONDS, MAX_TXS, SEED, TrafficRuns.START_EPOCH_NANOS + TrafficRuns.DAY_NANOS);
        TrafficSummary s = Tallies.read(dir);
        long t = transactions();
        long recon = 300L * 8 * 109 + 75L * 20 * 109 + 2L * 28 * 16;
        long reconMessages = 300L * 8 * 3 + 75L * 20 * 3 + 2L * 28;
        assertThat(TrafficRuns.RECONCILE.reconciliationPayload(SECONDS)).isEqualTo(recon);
        assertThat(s.accepted()).isEqualTo(t);
        assertThat(s.total().payloadBytes()).isEqualTo(BACKGROUND_PAYLOAD + 694 * t + recon);
        assertThat(s.total().messages()).isEqualTo(BACKGROUND_MESSAGES + 13 * t + reconMessages);
        Counts relay = s.txRelay();
        assertThat(relay.payloadBytes()).isEqualTo(694 * t + recon);
        assertThat(s.perAcceptedTx(relay.payloadBytes())).isEqualTo((694.0 * t + recon) / t);
        // reconciliation messages have no BIP324 short id: 33 bytes each under v2, 24 under v1
        assertThat(relay.wireBytes(Transport.V2)).isEqualTo(694 * t + recon + 21 * 13 * t + 33 * reconMessages);
        assertThat(relay.wireBytes(Transport.V1)).isEqualTo(694 * t + recon + 24 * (13 * t + reconMessages));
        Map<String, Counts> byType = s.by(TrafficSummary.Row::msgType);
        assertThat(byType.get("sketch").messages()).isEqualTo(300L * 8 + 75L * 20);
        assertThat(byType.get("inv").messages()).isEqualTo(11 * t);
    }

    @Test
    void windowCountsConnectionsOpenBeforeItFromItsStart(@TempDir Path dir) throws Exception {
        List<Event> events = TrafficRuns.write(dir, TrafficRuns.FLOOD, SECONDS, MAX_TXS, SEED, TrafficRuns.START_EPOCH_NANOS);
        TrafficSummary s = Tallies.read(dir, TimeBound.afterStart(Duration.ofSeconds(300)), TimeBound.afterStart(Duration.ofSeconds(400)))
                .getFirst();
        long from = TrafficRuns.START_EPOCH_NANOS + 300_000_000_000L;
        long to = TrafficRuns.START_EPOCH_NANOS + 400_000_000_000L;
        assertThat(s.startNanos()).isEqualTo(from);
        assertThat(s.endNanos()).isEqualTo(to);
        // 30 peers open since before the window count 100 s each (not their handshakes); the late peer opens at 300 s and closes at 400 s
        assertThat(s.connectedNanos()).isEqualTo(31 * 100_000_000_000L);
        List<Event> inWindow = events.stream().filter(e -> e.meta().epochNanos() >= from && e.meta().epochNanos() <= to).toList();
        assertThat(s.total().messages()).isEqualTo(inWindow.stream().filter(e -> e instanceof MessageEvent).count());
        assertThat(s.total().payloadBytes()).isEqualTo(inWindow.stream().filter(e -> e instanceof MessageEvent)
                .mapToLong(e -> ((MessageEvent) e).size()).sum());
        assertThat(s.accepted()).isEqualTo(inWindow.stream().filter(e -> e instanceof MempoolAdded).count())
                .isEqualTo(Arrays.stream(TrafficRuns.txsPerSecond(SECONDS, MAX_TXS, SEED), 300, 400).sum());
        assertThat(s.by(TrafficSummary.Row::msgType).get("version").messages()).isEqualTo(2); // the late peer's handshake only
    }

    @Test
    void busyNodeFixtureCountedAsItsEvents(@TempDir Path dir) throws Exception {
        BusyNodeArchive busy = BusyNodeArchive.write(dir);
        TrafficSummary s = Tallies.read(dir);
        List<MessageEvent> messages = busy.events().stream().filter(e -> e instanceof MessageEvent).map(e -> (MessageEvent) e).toList();
        assertThat(s.total().messages()).isEqualTo(messages.size());
        assertThat(s.total().payloadBytes()).isEqualTo(messages.stream().mapToLong(MessageEvent::size).sum());
        assertThat(s.accepted()).isEqualTo(busy.events().stream().filter(e -> e instanceof MempoolAdded).count());
        Map<String, Long> bytesByType = new TreeMap<>();
        for (MessageEvent m : messages) {
            bytesByType.merge(m.msgType() + " " + (m.inbound() ? "received" : "sent") + " " + m.connType(), m.size(), Long::sum);
        }
        Map<String, Long> counted = new TreeMap<>();
        for (TrafficSummary.Row r : s.rows()) {
            counted.put(r.msgType() + " " + r.direction() + " " + r.connType(), r.counts().payloadBytes());
        }
        assertThat(counted).isEqualTo(bytesByType);
        assertThat(s.nodes()).containsExactly(BusyNodeArchive.NODE);
    }
}
