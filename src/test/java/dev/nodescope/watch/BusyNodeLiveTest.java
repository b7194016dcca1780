package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.demo.StandInNode;
import dev.nodescope.event.Alert;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The busy-node demo traced through real BPF for 30 s under the default rules raises no alert. The
 * one only a live run can raise is tracer_loss: the demo's rate must not make nodescope lose
 * anything (the two simulated hours of BusyNodeFalsePositiveTest cover the rest).
 */
@ExtendWith(BpfAvailable.class)
class BusyNodeLiveTest {
    @Test
    void thirtySecondsOfTheBusyNodeRaiseNoAlert() throws Exception {
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        WatchEngine engine = new WatchEngine(Rules.defaults(), Silences.parse(List.of(), Detectors.names()), true).addListener(alerts::add);
        try (StandInNode node = StandInNode.start(1)) {
            LiveSource source = LiveSource.builder().pid(node.pid()).node("demo").payloadMax(65_536).build();
            // every tracepoint, as demo attaches them, so the busy node's first line (wait-attached all) is answered
            EventStream stream = EventStream.open(source).onEvent(e -> { });
            engine.register(stream);
            stream.startAsync();
            Thread.sleep(30_000);
            stream.close();
            assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(engine.events()).as("events watched").isGreaterThan(1000);
        assertThat(WatchEngineTest.lines(alerts)).isEmpty();
    }
}
