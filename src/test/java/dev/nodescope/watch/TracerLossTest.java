package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Loss;
import org.junit.jupiter.api.Test;

/** tracer_loss on events fed by hand: fires at the first loss, ignores truncation, resolves after its clear time without losses. */
class TracerLossTest {
    final DetectorTests t = new DetectorTests("""
            detectors:
              tracer_loss:
                clear: 3s
            """);

    void loss(long at, String stage, long count) {
        t.feed(new Loss(meta(at), stage, "net:inbound_message", count));
    }

    @Test
    void firesAtOnceAndResolvesAfterAQuietClearTime() {
        t.clock(T0);
        loss(T0 + 1200 * 1_000_000L, "ring_reserve", 120);
        loss(T0 + 2200 * 1_000_000L, "payload_dropped", 7);
        loss(T0 + 3200 * 1_000_000L, "truncated", 40);      // cut at our own limit: not blindness
        for (int k = 4; k <= 9; k++) {
            t.clock(T0 + k * S);                            // no loss for 2 s at the tick of 5 s: clear; resolved 3 s later
        }
        loss(T0 + 10 * S + S / 10, "ring_reserve", 5);      // a new episode: counted afresh
        String second = "nodescope lost 7 payloads or fields (payload_dropped, net:inbound_message): the watchdog is blind to part of what "
                + "the node does; 127 lost since the alert began {lost=7 ring_reserve=120 payload_dropped=7 threshold=1}";
        assertThat(t.lines()).containsExactly(
                "1200ms tracer_loss firing warning node nodescope lost 120 events (ring_reserve, net:inbound_message): the watchdog is blind "
                        + "to part of what the node does {lost=120 ring_reserve=120 threshold=1}",
                "8000ms tracer_loss resolved warning node clear for 3s after 3.8s: " + second,
                "10100ms tracer_loss firing warning node nodescope lost 5 events (ring_reserve, net:inbound_message): the watchdog is blind "
                        + "to part of what the node does {lost=5 ring_reserve=5 threshold=1}");
    }
}
