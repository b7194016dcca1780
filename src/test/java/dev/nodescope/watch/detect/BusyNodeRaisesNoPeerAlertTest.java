package dev.nodescope.watch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.demo.BusyNodeScenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The false-positive check of the per-peer detectors: the busy-node demo (real regtest payloads,
 * peers coming and going, crawlers, pings, transaction relay) under the default rules raises none
 * of their alerts. Its lines are turned into events directly (no BPF), so it covers a long run.
 */
class BusyNodeRaisesNoPeerAlertTest {
    static final List<String> MINE = List.of("addr_flood", "addr_oversized", "ping_flood", "spy_peer", "unsolicited_tx", "inbound_sybil");

    @Test
    void anHourOfTheBusyNodeRaisesNoAlertOfThePerPeerDetectors() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            Feed f = new Feed("");
            List<String> lines = new BusyNodeScenario(seed).lines(400_000);
            long[] events = {0};
            long[] last = {0};
            PlayLines.play(lines, Feed.T0, e -> {
                events[0]++;
                last[0] = e.meta().epochNanos();
                f.engine.accept(e);
            });
            assertThat(events[0]).isGreaterThan(100_000);
            assertThat((last[0] - Feed.T0) / 1e9).as("seconds of busy node").isGreaterThan(1800);
            assertThat(f.alerts.stream().filter(a -> MINE.contains(a.alert())).map(a -> a.alert() + " " + a.state().jsonName() + " "
                    + a.subject() + " " + a.summary()).toList()).as("seed %d", seed).isEmpty();
        }
    }
}
