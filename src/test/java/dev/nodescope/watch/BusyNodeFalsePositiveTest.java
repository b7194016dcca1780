package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The busy-node demo raises none of the learning and time detectors' alerts under the defaults:
 * 90 simulated minutes of it (well past the 10-minute warm-ups, with the start-up's burst of
 * connections, evictions, blocks every 10 to 20 s and mempool churn) through the engine.
 */
class BusyNodeFalsePositiveTest {
    static final Set<String> MINE = Set.of("connection_churn", "eviction_storm", "bandwidth_surge", "block_stall", "mempool_churn", "tracer_loss");
    static final long MINUTES = 90;

    @Test
    void ninetyMinutesOfTheBusyNodeRaiseNoneOfTheseAlerts() throws Exception {
        List<Alert> alerts = new ArrayList<>();
        WatchEngine engine = new WatchEngine(Rules.defaults(), Silences.parse(List.of(), Detectors.names()), false).addListener(alerts::add);
        long start = 1_731_542_400_000L;
        PlayedLines played = new PlayedLines(start * 1_000_000L, engine::accept);
        long end = (start + MINUTES * 60_000) * 1_000_000L;
        new BusyNodeScenario(1, start).play(played, () -> played.now() >= end);
        assertThat(engine.events()).as("events played").isGreaterThan(MINUTES * 60 * 50);
        assertThat(WatchEngineTest.lines(alerts.stream().filter(a -> MINE.contains(a.alert())).toList())).isEmpty();
    }
}
