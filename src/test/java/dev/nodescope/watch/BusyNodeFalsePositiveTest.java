package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.PlayedEvents;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Alert;
import dev.nodescope.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The busy-node scenario (the demo: a mainnet-like node with real regtest P2P payloads, churn,
 * evictions, misbehaving peers now and then, mempool churn, a block every 10-20 s) is a healthy
 * node: under the default rules no detector raises anything over two hours of it, nor over half an
 * hour of two other seeds (other peers, crawlers, timings). Its lines become events without the
 * fixture (PlayedEvents), so hours take seconds.
 */
class BusyNodeFalsePositiveTest {
    static final long START = 1_731_542_400_000_000_000L;

    static List<Event> busyNode(long seed, int lines) throws Exception {
        BusyNodeScenario scenario = new BusyNodeScenario(seed, START / 1_000_000);
        return new PlayedEvents("busy", 4242, START).play(scenario.lines(lines));
    }

    @Test
    void twoHoursOfABusyNodeRaiseNoAlert() throws Exception {
        List<Event> events = busyNode(1, 1_000_000);
        long hours = (events.getLast().meta().epochNanos() - START) / 3_600_000_000_000L;
        assertThat(hours).as("simulated hours").isGreaterThanOrEqualTo(2);
        assertThat(alerts(events)).as("alerts on a healthy busy node").isEmpty();
    }

    @Test
    void halfAnHourOfTwoOtherSeedsRaiseNoAlert() throws Exception {
        for (long seed : new long[] {2, 3}) {
            List<Event> events = busyNode(seed, 300_000);
            assertThat(events.getLast().meta().epochNanos() - START).as("simulated time").isGreaterThan(1_800_000_000_000L);
            assertThat(alerts(events)).as("alerts on a healthy busy node, seed %d", seed).isEmpty();
        }
    }

    private static List<String> alerts(List<Event> events) {
        List<Alert> alerts = new ArrayList<>();
        WatchEngine engine = new WatchEngine(Rules.defaults(), Silences.NONE, false).addListener(alerts::add);
        java.util.Set<Class<? extends Event>> read = engine.eventTypes();
        for (Event e : events) {
            if (read.contains(e.getClass())) {
                engine.accept(e);
            }
        }
        return WatchEngineTest.lines(alerts);
    }
}
