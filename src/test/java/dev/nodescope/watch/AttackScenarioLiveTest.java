package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.demo.attack.AttackScenario;
import dev.nodescope.demo.attack.AttackScenarios;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each attack scenario of the learning and time detectors, played by the real fixture through real
 * BPF (real seconds: about 20 each), raises its alert about the right subject within its {@code for}
 * time, with evidence above its threshold, and resolves after the attack stops.
 */
@ExtendWith(BpfAvailable.class)
class AttackScenarioLiveTest {
    /** The engine ticks a live stream one second behind the kernel's clock: an alert may come that much after it was due. */
    static final long SLACK_NANOS = 1_500_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "connection_churn | connections:inbound              | connections  | 2",
        "eviction_storm   | node                             | evictions    | 2",
        "bandwidth_surge  | msg_type:block/outbound          | bytes        | 2",
        "block_stall      | node                             | seconds_since_block | 0",
        "mempool_churn    | rejected:mempool min fee not met | rejections   | 2",
        "tracer_loss      | node                             | lost         | 0",
    })
    void theScenarioRaisesItsAlertWithinItsForTimeAndResolvesAfter(String name, String subject, String measured, long forSeconds)
            throws Exception {
        AttackScenario scenario = AttackScenarios.byName(name);
        assertThat(scenario).isNotNull();
        AttackScenarioRun.Result run = AttackScenarioRun.play(scenario);
        assertThat(run.done()).as("the fixture played every line").endsWith(" errors=0");
        List<Alert> alerts = run.of(scenario.detector());
        String seen = WatchEngineTest.lines(alerts).toString();
        List<AlertState> expected = forSeconds > 0 ? List.of(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED)
                : List.of(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alerts).as(seen).extracting(Alert::state).containsExactlyElementsOf(expected);
        assertThat(alerts).as(seen).allSatisfy(a -> assertThat(a.subject()).isEqualTo(subject));
        Alert firing = alerts.stream().filter(a -> a.state() == AlertState.FIRING).findFirst().orElseThrow();
        long held = firing.meta().epochNanos() - firing.started();
        assertThat(held).as("held before firing, ns: " + seen).isBetween(forSeconds * 1_000_000_000L, forSeconds * 1_000_000_000L + SLACK_NANOS);
        // at or past its threshold (evidence is rounded: block_stall's seconds to a tenth, so they may read equal)
        assertThat(firing.evidence().get(measured)).as(seen).isGreaterThanOrEqualTo(firing.evidence().get(name.equals("block_stall")
                ? "threshold_seconds" : "threshold"));
        Alert resolved = alerts.getLast();
        assertThat(resolved.meta().epochNanos()).isGreaterThan(firing.meta().epochNanos());
    }
}
