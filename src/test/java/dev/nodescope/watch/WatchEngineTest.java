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
    void oneMisbehavingPeerIsNoAlert() {
        WatchEngine e = engine("", List.of());
        e.accept(new InboundConnection(meta(T0), 7, "203.0.113.5:8333", "inbound", Network.IPV4, 1));
        e.accept(new MisbehavingConnection(meta(T0 + 2 * S), 7, "addr message size = 1001"));
        e.accept(new ClosedConnection(meta(T0 + 2 * S + 500_000), 7, "203.0.113.5:8333", "inbound", Network.IPV4, T0 / S));
        assertThat(alerts).isEmpty();
        assertThat(e.peers().count("n1")).isZero();
    }

    @Test
    void aBurstOfOneFiresAtOnceWithThePeerInItsSummary() {
        WatchEngine e = engine("detectors:\n  misbehaving:\n    node_burst: 1\n", List.of());
        e.accept(new InboundConnection(meta(T0), 7, "203.0.113.5:8333", "inbound", Network.IPV4, 1));
        e.accept(new MisbehavingConnection(meta(T0 + 2 * S), 7, "addr message size = 1001"));
        assertThat(lines(alerts)).containsExactly(
                "2000ms misbehaving firing warning node 1 misbehaviours within 10m (threshold 1), the last by peer 7 (203.0.113.5:8333, inbound): addr message size = 1001 {misbehaviours=1 threshold=1}");
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
                """, List.of("misbehaving:peer:1"));
        e.accept(new MisbehavingConnection(meta(T0), 1, "mutated block"));
        e.accept(new MisbehavingConnection(meta(T0 + S), 2, "mutated block"));
        e.accept(new MisbehavingConnection(meta(T0 + 4 * S), 3, "mutated block"));
        // the window (10 s, in 625 ms buckets) drops below 2 at the tick of T0+11s; clear for 3 s: resolved at T0+14s
        e.accept(new InboundConnection(meta(T0 + 30 * S), 9, "198.51.100.1:1", "inbound", Network.IPV4, 1));
        assertThat(lines(alerts)).containsExactly(
                "1000ms misbehaving pending warning node 2 misbehaviours within 10s (threshold 2), the last by peer 2: mutated block {misbehaviours=2 threshold=2}",
                "4000ms misbehaving firing warning node 3 misbehaviours within 10s (threshold 2), the last by peer 3: mutated block {misbehaviours=3 threshold=2}",
                "14000ms misbehaving resolved warning node clear for 3s after 10s: 3 misbehaviours within 10s (threshold 2), the last by peer 3: mutated block {misbehaviours=3 threshold=2}");
    }

    /** A detector for the lifecycle alone: a misbehaviour is a condition on its peer, a reason "ok" clears it. */
    static final DetectorSpec PEER_TEST = new DetectorSpec("peer_test", "test", dev.nodescope.event.Severity.INFO,
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5), false, List.of(), ctx -> new Detector() {
                @Override
                public List<Class<? extends dev.nodescope.event.Event>> eventTypes() {
                    return List.of(MisbehavingConnection.class);
                }

                @Override
                public void onEvent(dev.nodescope.event.Event event, long now) {
                    MisbehavingConnection m = (MisbehavingConnection) event;
                    PeerInfo p = ctx.peers().get(m.meta().node(), m.peerId());
                    Subject s = Subject.peer(m.meta().node(), m.peerId(), p == null ? "" : p.addr());
                    if (m.reason().equals("ok")) {
                        ctx.alerts().clear(s, now);
                    } else {
                        ctx.alerts().active(s, now, "peer " + m.peerId() + ": " + m.reason(), dev.nodescope.event.Evidence.NONE, 1, 1);
                    }
                }
            });

    @Test
    void pendingFiringHysteresisAndThePeerLeaving() {
        WatchEngine e = new WatchEngine(List.of(Settings.defaults(PEER_TEST)), Silences.NONE, false).addListener(alerts::add);
        e.accept(new InboundConnection(meta(T0), 7, "203.0.113.5:8333", "inbound", Network.IPV4, 1));
        e.accept(new InboundConnection(meta(T0), 8, "203.0.113.6:8333", "inbound", Network.IPV4, 2));
        e.accept(new MisbehavingConnection(meta(T0 + S), 7, "a"));       // pending
        e.accept(new MisbehavingConnection(meta(T0 + 3 * S), 7, "b"));   // held 2 s: firing
        e.accept(new MisbehavingConnection(meta(T0 + 4 * S), 7, "ok"));  // clear from 4 s
        e.accept(new MisbehavingConnection(meta(T0 + 6 * S), 7, "c"));   // back before 5 s clear: still firing, no event
        e.accept(new MisbehavingConnection(meta(T0 + 7 * S), 7, "ok"));  // clear from 7 s: resolved at 12 s
        e.accept(new MisbehavingConnection(meta(T0 + 8 * S), 8, "d"));   // peer 8 pending
        e.accept(new MisbehavingConnection(meta(T0 + 9 * S), 8, "ok"));  // cleared before firing: resolved at once
        e.accept(new MisbehavingConnection(meta(T0 + 20 * S), 8, "e"));  // pending again, firing at 22 s
        e.accept(new MisbehavingConnection(meta(T0 + 22 * S), 8, "f"));
        e.accept(new ClosedConnection(meta(T0 + 30 * S), 8, "203.0.113.6:8333", "inbound", Network.IPV4, T0 / S));
        assertThat(lines(alerts)).containsExactly(
                "1000ms peer_test pending info peer:7 peer 7: a {}",
                "3000ms peer_test firing info peer:7 peer 7: b {}",
                "8000ms peer_test pending info peer:8 peer 8: d {}",
                "9000ms peer_test resolved info peer:8 cleared before it fired (held 1s): peer 8: d {}",
                "12000ms peer_test resolved info peer:7 clear for 5s after 6s: peer 7: c {}",
                "20000ms peer_test pending info peer:8 peer 8: e {}",
                "22000ms peer_test firing info peer:8 peer 8: f {}",
                "30000ms peer_test resolved info peer:8 peer disconnected after 10s: peer 8: f {}");
    }

    @Test
    void rulesFileMistakesNameTheKey() {
        assertThatThrownBy(() -> Rules.parse("detectors:\n  nosuch: {}\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessageStartingWith("r.yaml: detectors.nosuch: unknown detector (detectors: ");
        assertThatThrownBy(() -> Rules.parse("detectors:\n  misbehaving:\n    windw: 5s\n", "r.yaml")).isInstanceOf(UserException.class)
                .hasMessage("r.yaml: detectors.misbehaving.windw: unknown setting (settings of misbehaving: enabled, severity, for, clear, window, node_burst, per_peer)");
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
