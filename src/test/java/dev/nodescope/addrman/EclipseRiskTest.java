package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.watch.AddrmanObservation;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eclipse_risk over the synthetic addrman histories grown from the real node's getrawaddrman
 * (Scenarios) and outbound peers from connection events: quiet on the healthy history with
 * diverse outbound peers, firing on the filled and tried-evicted histories when the outbound peers
 * narrow too, each factor's value and threshold in the evidence.
 */
class EclipseRiskTest {
    static final String RULES = """
            detectors:
              misbehaving: {enabled: false}
              eclipse_risk: {for: 0s, clear: 1m}
            """;

    final List<Alert> alerts = new ArrayList<>();
    long seq;

    EventMeta meta(long millis) {
        return new EventMeta("n", 1, 2, "b-net", millis * 1_000_000L, millis * 1_000_000L, seq++);
    }

    WatchEngine engine() {
        return engine(RULES);
    }

    WatchEngine engine(String rules) {
        return new WatchEngine(Rules.parse(rules, "rules"), Silences.NONE, false).addListener(alerts::add);
    }

    /**
     * Eight outbound peers, each in its own /16, connected before nodescope attached: it learns of
     * them by their messages at {@code millis} (so none counts as new).
     */
    void diverseOutbound(WatchEngine e, long millis) {
        for (int i = 0; i < 8; i++) {
            e.accept(new dev.nodescope.event.InboundMessage(meta(millis), 100 + i, (60 + i) + "." + i + ".0.1:8333",
                    i < 6 ? "outbound-full-relay" : "block-relay-only", "ping", 8, 0, false, null));
        }
    }

    /**
     * Feeds each snapshot with its diff from the one before, as the RPC poller would when it was
     * taken: an event at the snapshot's time, the observation, and the next event 1 ms later, at
     * which the engine hands it over.
     */
    void play(WatchEngine e, List<AddrmanSnapshot> history) {
        play(e, history, -1);
    }

    /** As {@link #play(WatchEngine, List)}; before step {@code narrowAt} six new outbound peers from the attacker's /16 connect. */
    void play(WatchEngine e, List<AddrmanSnapshot> history, int narrowAt) {
        AddrmanSnapshot previous = null;
        for (int step = 0; step < history.size(); step++) {
            AddrmanSnapshot s = history.get(step);
            if (step == narrowAt) {
                for (int i = 0; i < 6; i++) {
                    e.accept(new dev.nodescope.event.ClosedConnection(meta(s.timeMillis() - 2000), 100 + i, (60 + i) + "." + i + ".0.1:8333",
                            "outbound-full-relay", Network.IPV4, 0));
                    e.accept(new OutboundConnection(meta(s.timeMillis() - 1000), 200 + i, "185.10.0." + (i + 1) + ":8333",
                            "outbound-full-relay", Network.IPV4, 8));
                }
            }
            e.accept(new InboundConnection(meta(s.timeMillis()), 900 + seq, "198.51.100.1:1", "inbound", Network.IPV4, 1));
            AddrmanDiff diff = previous == null ? null : AddrmanDiff.between(previous, s, Grouping.withoutAsmap());
            e.observe(new AddrmanObservation("n", s, AddrmanStats.of(s, Grouping.withoutAsmap()), diff, 0, false));
            e.accept(new InboundConnection(meta(s.timeMillis() + 1), 900 + seq, "198.51.100.1:1", "inbound", Network.IPV4, 1));
            previous = s;
        }
    }

    @Test
    void aHealthyNodeWithDiverseOutboundPeersIsQuiet() {
        WatchEngine e = engine();
        diverseOutbound(e, Scenarios.T0 - 1000);
        play(e, Scenarios.healthy());
        assertThat(alerts).isEmpty();
    }

    @Test
    void anAddrmanFilledByOneSourceAloneDoesNotFireButWithNarrowOutboundPeersItDoes() {
        WatchEngine quiet = engine();
        diverseOutbound(quiet, Scenarios.T0 - 1000);
        play(quiet, Scenarios.filled());
        assertThat(alerts).as("the addrman alone: one factor of four").isEmpty();

        WatchEngine e = engine();
        diverseOutbound(e, Scenarios.T0 - 1000);
        play(e, Scenarios.filled(), 1); // as the first one-source inserts arrive, six of eight outbound peers are replaced by the attacker's
        assertThat(alerts).isNotEmpty();
        Alert first = alerts.getFirst();
        assertThat(first.state()).isEqualTo(AlertState.FIRING);
        assertThat(first.subject()).isEqualTo("node");
        assertThat(first.meta().epochNanos()).as("at the first poll that saw the one-source inserts").isEqualTo((Scenarios.T0 + Scenarios.STEP + 1) * 1_000_000L);
        assertThat(first.evidence().toString()).isEqualTo("score=0.75 score_threshold=0.75 outbound_netgroup_share=0.75 "
                + "outbound_netgroup_share_threshold=0.5 outbound_new_share=0.75 outbound_new_share_threshold=0.5 new_source_share=0.207 "
                + "new_source_share_threshold=0.3 inserted_source_share=1 inserted_source_share_threshold=0.5 tried_out_share=0 "
                + "tried_out_share_threshold=0.05 headers_ahead=0 headers_ahead_threshold=3");
        assertThat(first.summary()).isEqualTo("eclipse risk 0.75 (threshold 0.75) from 4 signs: outbound netgroup share 0.75 >= 0.5, "
                + "outbound new share 0.75 >= 0.5, inserted source share 1.0 >= 0.5");
        assertThat(alerts).as("still firing at the end of the history").hasSize(1);
    }

    @Test
    void triedEvictionsRaiseTheScoreOfAnAttackThatHasNotReachedTheOutboundPeersYet() {
        WatchEngine e = engine(RULES.replace("{for: 0s, clear: 1m}", "{for: 0s, clear: 1m, score: 0.5}"));
        diverseOutbound(e, Scenarios.T0 - 1000);
        play(e, Scenarios.triedEvicted());
        assertThat(alerts).hasSize(1);
        Alert first = alerts.getFirst();
        assertThat(first.meta().epochNanos()).as("at the first poll that saw tried entries pushed out").isEqualTo((Scenarios.T0 + 4 * Scenarios.STEP + 1) * 1_000_000L);
        assertThat(first.evidence().toString()).isEqualTo("score=0.563 score_threshold=0.5 outbound_netgroup_share=0.125 "
                + "outbound_netgroup_share_threshold=0.5 outbound_new_share=0 outbound_new_share_threshold=0.5 new_source_share=0.417 "
                + "new_source_share_threshold=0.3 tried_out_share=0.208 tried_out_share_threshold=0.05 headers_ahead=0 headers_ahead_threshold=3");
        assertThat(first.summary()).isEqualTo("eclipse risk 0.56 (threshold 0.5) from 4 signs: new source share 0.417 >= 0.3, tried out share 0.208 >= 0.05");
    }
}
