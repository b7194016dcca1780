package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.bench.Bootstrap;
import dev.nodescope.event.Event;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code traffic compare} finds what reconciliation saves where it saves it, and nothing between a run and itself. */
class TrafficCompareTest {
    private static final TrafficComparison.Settings BY_TYPE = new TrafficComparison.Settings(Grouping.MSG_TYPE, Measure.WIRE_V1, 2000,
            0.95, 0.05, 1);

    static TrafficSummary flood(Path dir) throws Exception {
        TrafficRuns.write(dir, TrafficRuns.FLOOD, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS);
        return Tallies.read(dir);
    }

    static TrafficSummary reconcile(Path dir) throws Exception {
        // the second run a day later: different times, so the bootstrap draws each run's blocks on their own
        TrafficRuns.write(dir, TrafficRuns.RECONCILE, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS + TrafficRuns.DAY_NANOS);
        return Tallies.read(dir);
    }

    @Test
    void reconciliationSavesOnInvAndPerTransaction(@TempDir Path dir) throws Exception {
        TrafficSummary a = flood(dir.resolve("flood"));
        TrafficSummary b = reconcile(dir.resolve("reconcile"));
        TrafficComparison c = TrafficComparison.of(a, b, BY_TYPE);
        assertThat(c.paired()).isFalse();
        Map<String, Change> verdicts = c.rows().stream().collect(Collectors.toMap(TrafficComparison.Row::name, TrafficComparison.Row::change));
        assertThat(verdicts).containsEntry("inv", Change.LESS)
                .containsEntry("reqrecon", Change.MORE).containsEntry("sketch", Change.MORE).containsEntry("reconcildiff", Change.MORE)
                // the same in both runs, to the byte
                .containsEntry("tx", Change.NO_DIFFERENCE).containsEntry("getdata", Change.NO_DIFFERENCE)
                .containsEntry("cmpctblock", Change.NO_DIFFERENCE).containsEntry("headers", Change.NO_DIFFERENCE)
                .containsEntry("ping", Change.NO_DIFFERENCE).containsEntry("pong", Change.NO_DIFFERENCE)
                .containsEntry("version", Change.NO_DIFFERENCE).containsEntry("verack", Change.NO_DIFFERENCE)
                // only B sends it, once per connection, all in the first block: one block is no evidence of a rate, so no verdict
                .containsEntry("sendtxrcncl", Change.TOO_FEW_BLOCKS);
        assertThat(verdicts).hasSize(13);
        TrafficComparison.Row tx = row(c, "tx");
        assertThat(tx.ratio().estimate()).isEqualTo(1.0);
        assertThat(tx.bytesA()).isEqualTo(tx.bytesB()).isEqualTo(904L * (250 + 24));
        assertThat(row(c, "sketch").ratio().estimate()).isInfinite();
        long t = 904;
        long recon = TrafficRuns.RECONCILE.reconciliationPayload(TrafficReportTest.SECONDS);
        long reconMessages = TrafficRuns.RECONCILE.reconciliationMessages(TrafficReportTest.SECONDS);
        // the Erlay question: transaction-relay wire bytes (v1) per accepted transaction
        double perTxA = 1619 + 38 * 24;
        double perTxB = (694.0 * t + 13 * 24 * t + recon + 24 * reconMessages) / t;
        assertThat(c.perTx().rateA()).isEqualTo(perTxA);
        assertThat(c.perTx().rateB()).isEqualTo(perTxB);
        assertThat(c.perTx().ratio().estimate()).isEqualTo(perTxB / perTxA);
        assertThat(c.perTx().ratio().high()).isLessThan(1);
        assertThat(c.perTx().change()).isEqualTo(Change.LESS);
        assertThat(c.all().change()).isEqualTo(Change.LESS);
        // the reverse says the same the other way round
        TrafficComparison reverse = TrafficComparison.of(b, a, BY_TYPE);
        assertThat(row(reverse, "inv").change()).isEqualTo(Change.MORE);
        assertThat(row(reverse, "sketch").change()).isEqualTo(Change.LESS);
        // now A has it in one block and B none: still no verdict (B/A 0 from one block of A)
        assertThat(row(reverse, "sendtxrcncl").ratio().estimate()).isZero();
        assertThat(row(reverse, "sendtxrcncl").change()).isEqualTo(Change.TOO_FEW_BLOCKS);
        assertThat(reverse.perTx().change()).isEqualTo(Change.MORE);
        // seeded: the same numbers every time
        assertThat(TrafficComparison.of(a, b, BY_TYPE).perTx()).isEqualTo(c.perTx());
    }

    @Test
    void byDirectionAndConnectionType(@TempDir Path dir) throws Exception {
        TrafficSummary a = flood(dir.resolve("flood"));
        TrafficSummary b = reconcile(dir.resolve("reconcile"));
        TrafficComparison byConn = TrafficComparison.of(a, b, new TrafficComparison.Settings(Grouping.CONN_TYPE, Measure.PAYLOAD, 2000,
                0.95, 0.05, 1));
        assertThat(byConn.rows()).extracting(TrafficComparison.Row::name)
                .containsExactlyInAnyOrder("inbound", "outbound-full-relay", "block-relay-only");
        // block-relay-only peers see no transaction relay: identical in both runs
        assertThat(row(byConn, "block-relay-only").change()).isEqualTo(Change.NO_DIFFERENCE);
        assertThat(row(byConn, "inbound").change()).isEqualTo(Change.LESS);
        TrafficComparison byDir = TrafficComparison.of(a, b, new TrafficComparison.Settings(Grouping.DIRECTION, Measure.PAYLOAD, 2000,
                0.95, 0.05, 1));
        assertThat(byDir.rows()).extracting(TrafficComparison.Row::name).containsExactly("sent", "received");
        // received: 6 fewer inv per transaction (-222 B x 904) but the sketches and requests come in (+221,548 B): +3.4%, under 5%
        assertThat(byDir.rows()).extracting(TrafficComparison.Row::change).containsExactly(Change.LESS, Change.NO_DIFFERENCE);
        TrafficComparison.Row received = row(byDir, "received");
        assertThat(received.bytesB() - received.bytesA()).isEqualTo(221_548 - 222 * 904);
    }

    @Test
    void aRunAgainstItselfShowsNoDifference(@TempDir Path dir) throws Exception {
        TrafficSummary a = flood(dir.resolve("flood"));
        TrafficComparison c = TrafficComparison.of(a, a, BY_TYPE);
        assertThat(c.paired()).isTrue();
        assertThat(c.rows()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.change()).isEqualTo(Change.NO_DIFFERENCE);
            assertThat(r.ratio()).isEqualTo(new Bootstrap.Interval(1, 1, 1));
        });
        assertThat(c.all().change()).isEqualTo(Change.NO_DIFFERENCE);
        assertThat(c.perTx().change()).isEqualTo(Change.NO_DIFFERENCE);
    }

    @Test
    void twoNodesOfOneArchiveOverTheSameHoursArePaired(@TempDir Path dir) throws Exception {
        // one archive, two nodes: the flooding node and (renamed) the reconciling one, over the same hours
        List<Event> events = new ArrayList<>();
        TrafficRuns.play(TrafficRuns.FLOOD, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS, events::add);
        List<Event> other = new ArrayList<>();
        TrafficRuns.play(TrafficRuns.RECONCILE, TrafficReportTest.SECONDS, TrafficReportTest.MAX_TXS, TrafficReportTest.SEED,
                TrafficRuns.START_EPOCH_NANOS, e -> other.add(Renamed.node(e, "erlay")));
        events.addAll(other);
        events.sort(Comparator.comparingLong(e -> e.meta().epochNanos()));
        BusyNodeArchive.record(dir, "fleet", events);
        List<TrafficSummary> both = Tallies.read(dir, null, null, TrafficRuns.NODE, "erlay");
        assertThat(both.get(0).nodes()).containsExactly(TrafficRuns.NODE);
        assertThat(both.get(1).nodes()).containsExactly("erlay");
        assertThat(both.get(0).startNanos()).isEqualTo(both.get(1).startNanos());
        TrafficComparison c = TrafficComparison.of(both.get(0), both.get(1), BY_TYPE);
        assertThat(c.paired()).isTrue();
        assertThat(row(c, "inv").change()).isEqualTo(Change.LESS);
        assertThat(row(c, "tx").ratio()).isEqualTo(new Bootstrap.Interval(1, 1, 1));
        assertThat(c.perTx().change()).isEqualTo(Change.LESS);
    }

    static TrafficComparison.Row row(TrafficComparison c, String name) {
        return c.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
