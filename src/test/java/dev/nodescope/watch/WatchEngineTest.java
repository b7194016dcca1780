package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.error.UserException;
import dev.nodescope.event.Alert;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's lifecycle through the misbehaving detector, on events fed by hand: exact alert sequences. */
class WatchEngineTest {
    static final long T0 = 1_731_542_400_000_000_000L;
    static final long S = 1_000_000_000L;

    static EventMeta meta(long t) {
        return new EventMeta("n1", 42, 43, "b-msghand", t - T0 + 5 * S, t, 0);
    }

    final List<Alert> alerts = new ArrayList<>();

    WatchEngine engine(String rules, List<String> silences) {
        List<Settings> settings = Rules.parse(rules, "rules.yaml");
        return new WatchEngine(settings, Silences.parse(silences, Detectors.names()), false).addListener(alerts::add);
    }

    static List<String> lines(List<Alert> alerts) {
        return alerts.stream().map(a -> (a.meta().epochNanos() - T0) / 1_000_000 + "ms " + a.alert() + " " + a.state().jsonName() + " "
                + a.severity().jsonName() + " " + a.subject() + " " + a.summary() + " {" + a.evidence() + "}").toList();
    }

    @Test
    void aPeerThatMisbehavesFiresAtOnceAndResolvesWhenItLeaves() {
        WatchEngine e = engine("", List.of());
        e.accept(new InboundConnection(meta(T0), 7, "203.0.113.5:8333", "inbound", Network.IPV4, 1));
        e.accept(new MisbehavingConnection(meta(T0 + 2 * S), 7, "addr message size = 1001"));
        e.accept(new ClosedConnection(meta(T0 + 2 * S + 500_000), 7, "203.0.113.5:8333", "inbound", Network.IPV4, T0 / S));
        assertThat(lines(alerts)).containsExactly(
                "2000ms misbehaving firing warning peer:7 peer 7 (203.0.113.5:8333, inbound) misbehaved: addr message size = 1001 (see addr_oversized for the message) {misbehaviours=1}",
                "2000ms misbehaving resolved warning peer:7 peer disconnected after 0ms: peer 7 (203.0.113.5:8333, inbound) misbehaved: addr message size = 1001 (see addr_oversized for the message) {misbehaviours=1}");
        assertThat(alerts.get(1).started()).isEqualTo(T0 + 2 * S);
        assertThat(alerts.get(0).peerId()).isEqualTo(7);
        assertThat(alerts.get(0).addr()).isEqualTo("203.0.113.5:8333");
    }

    @Test
    void aBurstAboutTheNodeIsPendingThenFiringThenResolvesAfterItsClearTime() {
        WatchEngine e = engine("""
                detectors:
                  misbehaving:
                    for: 2s
                    clear: 3s
                    window: 10s
                    node_burst: 2
                """, List.of("misbehaving:peer:1", "misbehaving:peer:2", "misbehaving:peer:3"));
        e.accept(new MisbehavingConnection(meta(T0), 1, "mutated block"));
        e.accept(new MisbehavingConnection(meta(T0 + S), 2, "mutated block"));
        e.accept(new MisbehavingConnection(meta(T0 + 4 * S), 3, "mutated block"));
        // the window (10 s, in 625 ms buckets) drops below 2 at the tick of T0+11s; clear for 3 s: resolved at T0+14s
        e.accept(new InboundConnection(meta(T0 + 30 * S), 9, "198.51.100.1:1", "inbound", Network.IPV4, 1));
        assertThat(lines(alerts)).containsExactly(
                "1000ms misbehaving pending warning node 2 misbehaviours within 10s (threshold 2), last: mutated block {misbehaviours=2 threshold=2}",
                "4000ms misbehaving firing warning node 3 misbehaviours within 10s (threshold 2), last: mutated block {misbehaviours=3 threshold=2}",
                "14000ms misbehaving resolved warning node clear for 3s after 10s: 3 misbehaviours within 10s (threshold 2), last: mutated block {misbehaviours=3 threshold=2}");
    }

    @Test
    void rulesFileMistakesNameTheKey() {
        assertThatThrownBy(() -> Rules.parse("detectors:\n  nosuch: {}\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessageStartingWith("r.yaml: detectors.nosuch: unknown detector (detectors: ");
        assertThatThrownBy(() -> Rules.parse("detectors:\n  misbehaving:\n    windw: 5s\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessage("r.yaml: detectors.misbehaving.windw: unknown setting (settings of misbehaving: enabled, severity, for, clear, window, node_burst)");
        assertThatThrownBy(() -> Rules.parse("detectors:\n  misbehaving:\n    window: soon\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessage("r.yaml.detectors.misbehaving.window: 'soon' is not a duration (write 30s, 5m, 1h, 250ms)".replace("r.yaml.", "r.yaml: "));
        assertThatThrownBy(() -> Rules.parse("detectors:\n  misbehaving:\n    severity: loud\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessage("r.yaml: detectors.misbehaving.severity: expected info, warning or critical");
        assertThatThrownBy(() -> Rules.parse("detectors: [\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessageStartingWith("r.yaml: not valid YAML at line ");
        assertThatThrownBy(() -> Silences.parse(List.of("nosuch"), Detectors.names())).isInstanceOf(UserException.class)
                .hasMessageStartingWith("--silence nosuch: no detector 'nosuch'");
    }

    @Test
    void aDisabledDetectorRaisesNothing() {
        WatchEngine e = engine("detectors:\n  misbehaving:\n    enabled: false\n", List.of());
        e.accept(new MisbehavingConnection(meta(T0), 1, "mutated block"));
        assertThat(alerts).isEmpty();
    }
}
