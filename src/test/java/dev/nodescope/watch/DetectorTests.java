package dev.nodescope.watch;

import dev.nodescope.event.Alert;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Network;
import java.util.ArrayList;
import java.util.List;

/** An engine under a rules file, fed by hand, with what it raised; and a clock that ticks it through quiet seconds. */
final class DetectorTests {
    final List<Alert> alerts = new ArrayList<>();
    final WatchEngine engine;
    private long clockPeer = 1_000_000;

    DetectorTests(String rules) {
        engine = new WatchEngine(Rules.parse(rules, "rules.yaml"), Silences.parse(List.of(), Detectors.names()), false).addListener(alerts::add);
    }

    void feed(Event e) {
        engine.accept(e);
    }

    /**
     * An event no detector here counts at {@code at} (an inbound connection of a peer of its own), so the
     * engine's clock, which a replay drives only by events, ticks up to it.
     */
    void clock(long at) {
        engine.accept(new InboundConnection(WatchEngineTest.meta(at), clockPeer++, "192.0.2.1:1", "inbound", Network.IPV4, 1));
    }

    List<String> lines() {
        return WatchEngineTest.lines(alerts);
    }
}
