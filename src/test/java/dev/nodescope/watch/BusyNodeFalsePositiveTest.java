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
 * node: under the default rules no detector raises anything over two hours of it.
 */
class BusyNodeFalsePositiveTest {
    static final long START = 1_731_542_400_000_000_000L;

    static List<Event> busyNode(int lines) throws Exception {
        BusyNodeScenario scenario = new BusyNodeScenario(1, START / 1_000_000);
        return new PlayedEvents("busy", 4242, START).play(scenario.lines(lines));
    }

    @Test
    void twoHoursOfABusyNodeRaiseNoAlert() throws Exception {
        List<Event> events = busyNode(1_000_000);
        long hours = (events.getLast().meta().epochNanos() - START) / 3_600_000_000_000L;
        assertThat(hours).as("simulated hours").isGreaterThanOrEqualTo(2);
        List<Alert> alerts = new ArrayList<>();
        WatchEngine engine = new WatchEngine(Rules.defaults(), Silences.NONE, false).addListener(alerts::add);
        for (Event e : events) {
            if (engine.eventTypes().contains(e.getClass())) {
                engine.accept(e);
            }
        }
        assertThat(alerts).as("alerts on a healthy busy node").isEmpty();
    }
}
