package dev.nodescope.watch;

import static dev.nodescope.watch.WatchEngineTest.S;
import static dev.nodescope.watch.WatchEngineTest.T0;
import static dev.nodescope.watch.WatchEngineTest.lines;
import static dev.nodescope.watch.WatchEngineTest.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Alert;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** connection_churn on events fed by hand: silent in its warm-up, then pending, firing, hysteresis, resolved. */
class ConnectionChurnTest {
    static final String RULES = """
            detectors:
              connection_churn:
                interval: 1s
                baseline: 10s
                warmup: 5s
                factor: 3
                min_count: 5
                for: 2s
                clear: 3s
            """;

    final List<Alert> alerts = new ArrayList<>();
    final WatchEngine engine = new WatchEngine(Rules.parse(RULES, "rules.yaml"), Silences.parse(List.of(), Detectors.names()), false)
            .addListener(alerts::add);
    long nextId = 1;

    void opened(long at) {
        engine.accept(new InboundConnection(meta(at), nextId++, "203.0.113.9:40000", "inbound", Network.IPV4, 1));
    }

    /** {@code n} inbound connections in second {@code k}, 50 ms apart; with {@code closing}, every other one a close. */
    void burst(int k, int n, boolean closing) {
        for (int i = 0; i < n; i++) {
            long at = T0 + k * S + i * 50_000_000L;
            if (closing && i % 2 == 1) {
                engine.accept(new ClosedConnection(meta(at), nextId - 1, "203.0.113.9:40000", "inbound", Network.IPV4, T0 / S));
            } else {
                opened(at);
            }
        }
    }

    @Test
    void aBurstAfterTheWarmUpFiresAndResolvesAfterItsClearTime() {
        opened(T0 + S / 2);                  // second 0: seen in part, not learned
        burst(1, 10, false);                 // second 1: a burst in the warm-up: silence (and it is learned)
        for (int k = 2; k <= 6; k++) {
            opened(T0 + k * S + S / 2);      // one a second: the baseline {10, 1, 1, 1, 1, 1}, warm from second 6
        }
        engine.accept(new OutboundConnection(meta(T0 + 6 * S + 600_000_000L), 500, "198.51.100.7:8333", "outbound-full-relay", Network.IPV4, 1));
        burst(7, 10, true);                  // 5 opened and 5 closed: median 1, MAD 0 -> threshold max(1 + 3 * 1, 5) = 5: pending at 8s
        burst(8, 10, false);
        burst(9, 10, false);                 // held 2 s at the tick of 10 s: firing
        burst(10, 10, false);
        opened(T0 + 11 * S + S / 2);         // 1 against the ring {1 x5, 10 x5}: median 5.5 -> clear from 12 s
        opened(T0 + 12 * S + S / 2);
        burst(13, 10, false);                // back within the clear time (ring {1 x6, 10 x4}: threshold 5): still firing, no event
        for (int k = 14; k <= 20; k++) {
            opened(T0 + k * S + S / 2);      // clear from the tick of 15 s; 3 s later resolved
        }
        String burst = "10 inbound connections opened or closed in 1s (baseline median 1, MAD 0; threshold 5) "
                + "{connections=10 median=1 mad=0 threshold=5}";
        assertThat(lines(alerts)).containsExactly(
                "8000ms connection_churn pending warning connections:inbound " + burst,
                "10000ms connection_churn firing warning connections:inbound " + burst,
                "18000ms connection_churn resolved warning connections:inbound clear for 3s after 7s: " + burst);
        assertThat(alerts.get(2).started()).isEqualTo(T0 + 8 * S);
        assertThat(alerts.get(0).peerId()).isEqualTo(-1);
    }

    @Test
    void aBurstThatEndsBeforeItsForTimeResolvesFromPending() {
        opened(T0);
        for (int k = 1; k <= 6; k++) {
            opened(T0 + k * S + S / 2);
        }
        burst(7, 8, false);                  // 8 > 5 at the tick of 8 s: pending
        for (int k = 8; k <= 10; k++) {
            opened(T0 + k * S + S / 2);      // 1 at the tick of 9 s: cleared before it fired
        }
        assertThat(lines(alerts)).containsExactly(
                "8000ms connection_churn pending warning connections:inbound 8 inbound connections opened or closed in 1s "
                        + "(baseline median 1, MAD 0; threshold 5) {connections=8 median=1 mad=0 threshold=5}",
                "9000ms connection_churn resolved warning connections:inbound cleared before it fired (held 1s): 8 inbound connections "
                        + "opened or closed in 1s (baseline median 1, MAD 0; threshold 5) {connections=8 median=1 mad=0 threshold=5}");
    }
}
