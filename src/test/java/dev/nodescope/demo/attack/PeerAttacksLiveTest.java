package dev.nodescope.demo.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.TestStreams;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real BPF: the fixture plays each peer attack, nodescope traces it with watch's payload limit and
 * the scenario's rules, and the attack's alert fires at once (these detectors have no {@code for}
 * time) with the right subject, severity and evidence, then resolves after the attack, before the
 * scenario ends (not because nodescope detached).
 */
@ExtendWith(BpfAvailable.class)
class PeerAttacksLiveTest {
    /** cli.WatchOptions.PAYLOAD_MAX. */
    static final int PAYLOAD_MAX = 65_536;

    /** Per scenario: its subject, severity, the evidence of the firing alert that must hold, how it resolves. */
    record Expected(String subject, String severity, Map<String, Double> evidence, String resolvedBy) {
    }

    static final Map<String, Expected> EXPECTED = Map.of(
            "addr_flood", new Expected("peer:1", "warning",
                    Map.of("announced", 1000.0, "processed", 1.0, "rate_limited", 999.0, "exact", 1.0), "clear for 2s after "),
            "addr_oversized", new Expected("peer:2", "critical", Map.of("addresses", 1001.0, "limit", 1000.0), "peer disconnected after "),
            "ping_flood", new Expected("peer:3", "warning", Map.of("pings_window", 20.0, "threshold", 20.0), "clear for 2s after "),
            "spy_peer", new Expected("netgroup:11.22.0.0/16", "info", Map.of("visits_window", 5.0, "threshold", 5.0), "clear for 2s after "),
            "unsolicited_tx", new Expected("peer:4", "warning", Map.of("unsolicited_window", 5.0, "requested", 1.0), "clear for 2s after "),
            "inbound_sybil", new Expected("netgroup:11.22.0.0/16", "warning", Map.of("connections_window", 8.0, "threshold", 8.0),
                    "clear for 2s after "));

    @ParameterizedTest
    @ValueSource(strings = {"addr_flood", "addr_oversized", "ping_flood", "spy_peer", "unsolicited_tx", "inbound_sybil"})
    void theAttackRaisesItsAlertAtOnceAndItResolvesAfter(String name) throws Exception {
        AttackScenario scenario = AttackScenarios.byName(name);
        Expected expected = EXPECTED.get(name);
        assertThat(scenario.detector()).isEqualTo(name);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fx.pid()).payloadMax(PAYLOAD_MAX).node("fixture").build();
            EventStream stream = EventStream.open(source);
            new WatchEngine(Rules.parse(scenario.rules(), name + ".yaml"), Silences.parse(List.of(), Detectors.names()), true)
                    .addListener(alerts::add).register(stream);
            TestStreams.startAttached(stream);
            StringWriter lines = new StringWriter();
            scenario.play(lines, () -> false);
            fx.send(lines.toString().split("\n"));
            assertThat(fx.finish()).endsWith("errors=0");
            assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
        List<Alert> mine = alerts.stream().filter(a -> a.alert().equals(name)).toList();
        assertThat(mine).as("alerts: %s", alerts).hasSize(2);
        Alert firing = mine.get(0);
        Alert resolved = mine.get(1);
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.started()).as("fired at once: no for time").isEqualTo(firing.meta().epochNanos());
        assertThat(firing.subject()).isEqualTo(expected.subject());
        assertThat(firing.severity().jsonName()).isEqualTo(expected.severity());
        expected.evidence().forEach((k, v) -> assertThat(firing.evidence().get(k)).as("%s in %s", k, firing.evidence()).isEqualTo(v));
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.subject()).isEqualTo(expected.subject());
        assertThat(resolved.summary()).startsWith(expected.resolvedBy());
        assertThat(resolved.meta().epochNanos()).isGreaterThan(firing.meta().epochNanos());
        // no other alert of the per-peer detectors: each scenario shows one thing
        assertThat(alerts.stream().filter(a -> !a.alert().equals(name) && !a.alert().equals("misbehaving")).toList()).isEmpty();
    }
}
