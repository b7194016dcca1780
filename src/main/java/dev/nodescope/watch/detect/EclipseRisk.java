package dev.nodescope.watch.detect;

import dev.nodescope.addrman.AddrEntry;
import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.Netgroups;
import dev.nodescope.addrman.Peer;
import dev.nodescope.addrman.Table;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import dev.nodescope.watch.AddrmanObservation;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code eclipse_risk}: how close the node is to being eclipsed, as one score in [0, 1] made of
 * factors an operator can check one by one (docs/addrman.md, "Eclipse risk"). Each factor is its
 * value over its threshold, capped at 1. Factors fall in four signs of an eclipse: who our outbound
 * peers are (concentration), how fast they and the tried table change (churn), who filled the
 * addrman (poisoning), and whether the tip trails the best header (the symptom); a sign weighs as
 * its strongest factor, so one attack that shows two ways is not counted twice, and the score is
 * the mean of the signs known (the addrman ones need {@code watch --rpc}). It fires when the score
 * reaches {@code score} and has held for the {@code for} time, with every factor's value and
 * threshold in its evidence.
 *
 * <p>Factors: the share of our outbound peers (full-relay and block-relay-only) in their most common
 * netgroup, and in their most common ASN when the node runs with an asmap; the share of them
 * connected within the last {@code churn_window}; in the addrman, the share of new entries from the
 * most common source netgroup, the share of the entries inserted since the previous poll from one
 * source netgroup, the share of tried entries pushed out since the previous poll; and how many
 * blocks the tip is behind the best header (outside the initial sync).
 */
public final class EclipseRisk implements Detector {
    private static final Set<String> OUTBOUND = Set.of("outbound-full-relay", "block-relay-only");

    public static final DetectorSpec SPEC = new DetectorSpec("eclipse_risk",
            "the node's view of the network narrows: outbound peers from few netgroups or ASNs, replaced lately, an addrman filled by one source, tried entries pushed out, the tip behind the best header",
            Severity.WARNING, Duration.ofMinutes(10), Duration.ofMinutes(30), false, List.of(
                    ParamSpec.number("score", 0.75, "the mean of the four signs (each its strongest factor, capped at 1 at its threshold) that fires: three of four signs at their thresholds"),
                    ParamSpec.number("min_signs", 2, "signs that must be known for a score: one alone (a node starting up has only new peers) is no eclipse"),
                    ParamSpec.number("min_outbound", 4, "outbound peers below which their diversity is not judged (a node starting up)"),
                    ParamSpec.number("outbound_netgroup_share", 0.5, "Core picks outbound peers from distinct netgroups, so half of them in one is a sign"),
                    ParamSpec.number("outbound_asn_share", 0.5, "the same by ASN (with an asmap: -asmap), the unit Core diversifies by then"),
                    ParamSpec.seconds("churn_window", 3600, "outbound full-relay peers live for hours to days; many new ones within an hour is churn an attacker causes"),
                    ParamSpec.number("outbound_new_share", 0.5, "share of outbound peers connected within churn_window"),
                    ParamSpec.number("new_source_share", 0.3, "share of the new table from one source netgroup: a mainnet node hears addresses from hundreds of peers"),
                    ParamSpec.number("inserted_source_share", 0.5, "share of the entries inserted since the previous poll that came from one source netgroup"),
                    ParamSpec.number("min_inserted", 50, "inserted entries below which their sources are not judged"),
                    ParamSpec.number("tried_out_share", 0.05, "share of tried entries pushed back to new or out since the previous poll; Core tests before it evicts, so tried barely moves"),
                    ParamSpec.number("headers_ahead", 3, "blocks the tip may trail the best header outside the initial sync")),
            EclipseRisk::new);

    private final DetectorContext ctx;
    private final Settings s;
    private final Set<String> nodes = new LinkedHashSet<>();
    private final Map<String, AddrmanObservation> latest = new HashMap<>();

    private EclipseRisk(DetectorContext ctx) {
        this.ctx = ctx;
        this.s = ctx.settings();
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(ConnectionOpened.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        nodes.add(event.meta().node());
    }

    @Override
    public void onObservation(Object observation, long now) {
        if (observation instanceof AddrmanObservation o) {
            latest.put(o.node(), o);
            nodes.add(o.node());
            evaluate(o.node(), now);
        }
    }

    @Override
    public void onTick(long now) {
        for (String node : nodes) {
            evaluate(node, now);
        }
    }

    /** The four signs of an eclipse that factors fall in. */
    private enum Sign { CONCENTRATION, CHURN, POISONING, SYMPTOM }

    /** One factor: the sign it is of, its value and its threshold. */
    private record Factor(Sign sign, String name, double value, double threshold) {
        double weight() {
            return Math.min(1, value / threshold);
        }
    }

    private void evaluate(String node, long now) {
        List<Factor> factors = new ArrayList<>(7);
        outbound(node, now, factors);
        AddrmanObservation o = latest.get(node);
        if (o != null) {
            addrman(o, factors);
        }
        Subject subject = Subject.node(node);
        if (factors.isEmpty()) {
            ctx.alerts().clear(subject, now);
            return;
        }
        double[] signs = new double[Sign.values().length];
        java.util.Arrays.fill(signs, -1);
        for (Factor f : factors) {
            signs[f.sign().ordinal()] = Math.max(signs[f.sign().ordinal()], f.weight());
        }
        double sum = 0;
        int known = 0;
        for (double w : signs) {
            if (w >= 0) {
                sum += w;
                known++;
            }
        }
        if (known < s.number("min_signs")) {
            // one sign alone is no eclipse: every node that starts has only new outbound peers
            ctx.alerts().clear(subject, now);
            return;
        }
        double score = sum / known;
        double threshold = s.number("score");
        if (score < threshold) {
            ctx.alerts().clear(subject, now, score);
            return;
        }
        Evidence.Builder ev = Evidence.builder().put("score", round(score)).put("score_threshold", threshold);
        StringBuilder why = new StringBuilder();
        for (Factor f : factors) {
            ev.put(f.name(), round(f.value())).put(f.name() + "_threshold", f.threshold());
            if (f.value() >= f.threshold()) {
                why.append(why.isEmpty() ? "" : ", ").append(f.name().replace('_', ' ')).append(' ').append(round(f.value()))
                        .append(" >= ").append(dev.nodescope.event.Evidence.format(f.threshold()));
            }
        }
        ctx.alerts().active(subject, now, String.format("eclipse risk %.2f (threshold %s) from %d signs: %s", score,
                Evidence.format(threshold), known, why.isEmpty() ? "none at its threshold alone" : why), ev.build(), score, threshold);
    }

    private void outbound(String node, long now, List<Factor> factors) {
        Map<String, Integer> netgroups = new HashMap<>();
        int count = 0;
        int routable = 0;
        int recent = 0;
        long churn = s.nanos("churn_window");
        for (PeerInfo p : ctx.peers().all(node)) {
            if (!OUTBOUND.contains(p.connType())) {
                continue;
            }
            count++;
            String group = p.netgroup();
            // addresses that are not publicly routable (a test network, a LAN peer) are one group to Core, and no eclipse
            if (!group.equals(Netgroups.UNROUTABLE)) {
                routable++;
                netgroups.merge(group, 1, Integer::sum);
            }
            if (p.openedAt() >= 0 && now - p.openedAt() < churn) {
                recent++;
            }
        }
        if (count < s.number("min_outbound")) {
            return;
        }
        if (routable >= s.number("min_outbound")) {
            int top = netgroups.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            factors.add(new Factor(Sign.CONCENTRATION, "outbound_netgroup_share", (double) top / routable, s.number("outbound_netgroup_share")));
        }
        factors.add(new Factor(Sign.CHURN, "outbound_new_share", (double) recent / count, s.number("outbound_new_share")));
    }

    private void addrman(AddrmanObservation o, List<Factor> factors) {
        Map<Integer, Integer> asns = new HashMap<>();
        int outbound = 0;
        for (Peer p : o.snapshot().peers()) {
            if (OUTBOUND.contains(p.connectionType())) {
                outbound++;
                if (p.mappedAs() != 0) {
                    asns.merge(p.mappedAs(), 1, Integer::sum);
                }
            }
        }
        if (!asns.isEmpty() && outbound >= s.number("min_outbound")) {
            int top = asns.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            factors.add(new Factor(Sign.CONCENTRATION, "outbound_asn_share", (double) top / outbound, s.number("outbound_asn_share")));
        }
        if (o.stats().newTable().slots() > 0) {
            factors.add(new Factor(Sign.POISONING, "new_source_share", o.stats().newTable().sourceNetgroups().topShare(), s.number("new_source_share")));
        }
        AddrmanDiff d = o.diff();
        if (d != null) {
            int inserted = 0;
            int top = 0;
            for (int[] counts : d.sources().values()) {
                inserted += counts[0];
                top = Math.max(top, counts[0]);
            }
            if (inserted >= s.number("min_inserted")) {
                factors.add(new Factor(Sign.POISONING, "inserted_source_share", (double) top / inserted, s.number("inserted_source_share")));
            }
            int triedOut = d.toNew().size();
            for (AddrEntry e : d.evicted()) {
                if (e.table() == Table.TRIED) {
                    triedOut++;
                }
            }
            int tried = o.stats().tried().slots() + triedOut;
            if (tried > 0) {
                factors.add(new Factor(Sign.CHURN, "tried_out_share", (double) triedOut / tried, s.number("tried_out_share")));
            }
        }
        if (o.headersAhead() >= 0 && !o.initialSync()) {
            factors.add(new Factor(Sign.SYMPTOM, "headers_ahead", o.headersAhead(), s.number("headers_ahead")));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
