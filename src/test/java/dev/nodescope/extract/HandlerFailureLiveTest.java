package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.TestStreams;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real BPF: a handler that throws while the live source is draining its ring. The record it
 * failed on must not be handed out again when the source cleans up (the ring's consumer position
 * moves past it), and nothing after it is delivered.
 */
@ExtendWith(BpfAvailable.class)
class HandlerFailureLiveTest {
    @Test
    void theRecordAHandlerFailedOnIsNotDeliveredAgain() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            List<Event> seen = Collections.synchronizedList(new ArrayList<>());
            RuntimeException bug = new IllegalStateException("handler bug");
            EventStream stream = EventStream.open(LiveSource.builder().pid(fx.pid()).build())
                    .onEvent(BlockConnected.class, seen::add)
                    .onEvent(BlockConnected.class, b -> {
                        throw bug;
                    });
            TestStreams.startAttached(stream);
            fx.send("wait-attached validation:block_connected 20000");
            for (int h = 1; h <= 3; h++) {
                fx.send("validation:block_connected " + Scenario.HASH + " " + h + " 1 1 1 1");
            }
            assertThatThrownBy(() -> stream.awaitTermination(Duration.ofSeconds(30))).isSameAs(bug);
            assertThat(seen).map(e -> ((BlockConnected) e).height()).containsExactly(1);
            assertThat(fx.finish()).endsWith("errors=0");
        }
    }
}
