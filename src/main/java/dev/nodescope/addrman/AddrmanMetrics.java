package dev.nodescope.addrman;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Addrman gauges for {@code metrics --rpc} (docs/metrics.md), read at scrape time from the latest
 * statistics. Labels are bounded: table (2), network (Core's 6 names, anything else "other"),
 * grouping (netgroup, source_netgroup, asn), rule (future, stale). Group names (netgroups, ASNs)
 * are never labels: they are as many as the addresses.
 */
public final class AddrmanMetrics {
    private static final Set<String> NETWORKS = Set.of("ipv4", "ipv6", "onion", "i2p", "cjdns", "not_publicly_routable");
    private final AtomicReference<AddrmanStats> latest = new AtomicReference<>();
    private final Counter failures;

    public AddrmanMetrics(PrometheusRegistry registry) {
        gauge(registry, "nodescope_addrman_entries", "Occupied addrman slots (an address can fill up to 8 new slots)",
                List.of("table", "network"), (s, cb) -> {
                    Map<String, long[]> counts = new java.util.TreeMap<>();
                    s.byNetwork().forEach((n, c) -> {
                        long[] sum = counts.computeIfAbsent(NETWORKS.contains(n) ? n : "other", k -> new long[2]);
                        sum[0] += c[0];
                        sum[1] += c[1];
                    });
                    for (String n : NETWORKS) {
                        long[] c = counts.getOrDefault(n, new long[2]);
                        cb.call(c[0], "new", n);
                        cb.call(c[1], "tried", n);
                    }
                    if (counts.containsKey("other")) {
                        cb.call(counts.get("other")[0], "new", "other");
                        cb.call(counts.get("other")[1], "tried", "other");
                    }
                });
        perTable(registry, "nodescope_addrman_addresses", "Distinct addresses (address:port) in the table", t -> t.addresses());
        perTable(registry, "nodescope_addrman_buckets_used", "Buckets holding at least one entry", t -> t.bucketsUsed());
        perTable(registry, "nodescope_addrman_future_dated", "Entries dated after the snapshot", t -> t.future());
        gauge(registry, "nodescope_addrman_terrible", "Entries Core deems terrible by its time rules (future: >10 min ahead, stale: >30 days)",
                List.of("table", "rule"), (s, cb) -> {
                    cb.call(s.newTable().terribleFuture(), "new", "future");
                    cb.call(s.newTable().terribleStale(), "new", "stale");
                    cb.call(s.tried().terribleFuture(), "tried", "future");
                    cb.call(s.tried().terribleStale(), "tried", "stale");
                });
        concentration(registry, "nodescope_addrman_top_share", "Share of the table's slots held by its largest group", Concentration::topShare);
        concentration(registry, "nodescope_addrman_herfindahl", "Herfindahl index of the table's slots over groups (1: one group holds all)",
                Concentration::herfindahl);
        concentration(registry, "nodescope_addrman_distinct_groups", "Groups with at least one slot in the table", c -> c.distinct());
        gauge(registry, "nodescope_addrman_snapshot_timestamp_seconds", "When the statistics' snapshot was taken",
                List.of(), (s, cb) -> cb.call(s.timeSeconds()));
        failures = Counter.builder().name("nodescope_addrman_snapshot_failures_total")
                .help("Addrman snapshots that failed (node unreachable, refused, ...); the gauges keep the last good one")
                .withoutExemplars().register(registry);
    }

    /** The statistics the gauges show from now on. */
    public void update(AddrmanStats stats) {
        latest.set(stats);
    }

    public void failed() {
        failures.inc();
    }

    private interface Callback {
        void call(double value, String... labels);
    }

    private void gauge(PrometheusRegistry r, String name, String help, List<String> labels, BiConsumer<AddrmanStats, Callback> values) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels.toArray(String[]::new)).callback(cb -> {
            AddrmanStats s = latest.get();
            if (s != null) {
                values.accept(s, cb::call);
            }
        }).register(r);
    }

    private void perTable(PrometheusRegistry r, String name, String help, java.util.function.ToDoubleFunction<AddrmanStats.TableStats> f) {
        gauge(r, name, help, List.of("table"), (s, cb) -> {
            cb.call(f.applyAsDouble(s.newTable()), "new");
            cb.call(f.applyAsDouble(s.tried()), "tried");
        });
    }

    private void concentration(PrometheusRegistry r, String name, String help, java.util.function.ToDoubleFunction<Concentration> f) {
        gauge(r, name, help, List.of("table", "grouping"), (s, cb) -> {
            for (String table : List.of("new", "tried")) {
                AddrmanStats.TableStats t = table.equals("new") ? s.newTable() : s.tried();
                cb.call(f.applyAsDouble(t.netgroups()), table, "netgroup");
                cb.call(f.applyAsDouble(t.sourceNetgroups()), table, "source_netgroup");
                if (t.asns() != null) {
                    cb.call(f.applyAsDouble(t.asns()), table, "asn");
                }
            }
        });
    }
}
