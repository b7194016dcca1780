package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statistics of the real node's addrman, every number checked (expected values worked out apart, in Python). */
class AddrmanStatsTest {
    @Test
    void realSnapshotStatistics() {
        AddrmanSnapshot s = Scenarios.real();
        assertThat(s.entries()).hasSize(458);
        assertThat(s.node().version()).isEqualTo(319900);
        assertThat(s.peers()).extracting(Peer::connectionType).containsExactly("inbound", "inbound");
        AddrmanStats st = AddrmanStats.of(s, Grouping.withoutAsmap());
        assertThat(st.byNetwork()).containsOnlyKeys("ipv4", "ipv6");
        assertThat(st.byNetwork().get("ipv4")).containsExactly(322, 76);
        assertThat(st.byNetwork().get("ipv6")).containsExactly(60, 0);
        assertThat(st.countsAgree()).isTrue();
        assertThat(st.hasAsns()).isFalse();

        AddrmanStats.TableStats n = st.newTable();
        assertThat(n.slots()).isEqualTo(382);
        assertThat(n.addresses()).isEqualTo(382);
        assertThat(n.bucketsUsed()).isEqualTo(317);
        assertThat(n.bucketsFull()).isZero();
        assertThat(n.fill()[0]).isEqualTo(707);
        assertThat(List.of(n.fill()[1], n.fill()[2], n.fill()[3], n.fill()[4], n.fill()[5])).containsExactly(263, 45, 7, 2, 0);
        assertThat(n.ages()).containsExactly(0, 382, 0, 0, 0, 0);
        assertThat(n.future()).isZero();
        assertThat(n.terrible()).isZero();
        assertThat(n.netgroups().distinct()).isEqualTo(379);
        assertThat(n.netgroups().topShare()).isEqualTo(2.0 / 382);
        assertThat(n.netgroups().herfindahl()).isCloseTo(388.0 / (382 * 382), within(1e-12));
        assertThat(n.netgroups().top()).extracting(Concentration.Group::name)
                .startsWith("118.37.0.0/16", "162.90.0.0/16", "67.255.0.0/16");
        // every entry announced itself: sources are the addresses
        assertThat(n.sourceNetgroups()).isEqualTo(n.netgroups());
        assertThat(n.asns()).isNull();

        AddrmanStats.TableStats t = st.tried();
        assertThat(t.slots()).isEqualTo(76);
        assertThat(t.bucketsUsed()).isEqualTo(67);
        assertThat(List.of(t.fill()[0], t.fill()[1], t.fill()[2], t.fill()[3])).containsExactly(189, 59, 7, 1);
        assertThat(t.netgroups().distinct()).isEqualTo(76);
        assertThat(t.netgroups().herfindahl()).isCloseTo(1.0 / 76, within(1e-12));

        JsonNode json = StatsJson.of(st);
        assertThat(json.path("new").path("netgroups").path("herfindahl").asDouble()).isEqualTo(0.002659);
        assertThat(json.path("tried").path("netgroups").path("top_share").asDouble()).isEqualTo(0.013158);
        assertThat(json.path("networks").path("ipv6").path("new").asInt()).isEqualTo(60);
        assertThat(json.path("node_counts").path("all_networks").path("tried").asInt()).isEqualTo(76);
        assertThat(StatsText.lines(st)).contains(
                "networks (new/tried slots): ipv4 322/76 ipv6 60/0",
                "node's getaddrmaninfo: new 382, tried 76 (agrees)",
                "new: 382 slots, 382 addresses, 317 buckets used, 0 full; most filled bucket 4",
                "tried: 76 slots, 76 addresses, 67 buckets used, 0 full; most filled bucket 3");
    }

    @Test
    void agesTerribleAndFutureByCoresTimeRules() {
        AddrmanSnapshot real = Scenarios.real();
        long now = Scenarios.T0 / 1000;
        List<AddrEntry> newEntries = Scenarios.entries(real, Table.NEW);
        Scenarios.Editor ed = new Scenarios.Editor(real, Scenarios.T0)
                .redate(newEntries.get(0).slot(), now - 40L * 86_400) // older than 30 days: terrible (stale)
                .redate(newEntries.get(1).slot(), now - 30L * 86_400) // exactly 30 days: not yet
                .redate(newEntries.get(2).slot(), now + 3600) // an hour ahead: terrible (future)
                .redate(newEntries.get(3).slot(), now + 300) // 5 minutes ahead: future, not terrible
                .redate(newEntries.get(4).slot(), now - 2 * 3600) // 1h-1d
                .redate(newEntries.get(5).slot(), now - 3 * 86_400); // 1d-7d
        AddrmanStats.TableStats n = AddrmanStats.of(ed.done(), Grouping.withoutAsmap()).newTable();
        assertThat(n.ages()).containsExactly(1, 377, 1, 1, 1, 1);
        assertThat(n.terribleStale()).isEqualTo(1);
        assertThat(n.terribleFuture()).isEqualTo(1);
        assertThat(n.future()).isEqualTo(2);
        assertThat(Terrible.reason(now + 601, now)).isEqualTo("future");
        assertThat(Terrible.reason(now + 600, now)).isNull();
    }

    @Test
    void asnsFromAnAsmapBuiltHere() {
        AddrmanStats st = AddrmanStats.of(Scenarios.real(), new Grouping(Asmap.of(AsmapTest.sampleMap())));
        assertThat(st.hasAsns()).isTrue();
        // the map knows 64.124.7.0/24 (64.124.7.154 is in new), 89.239/16 (89.239.34.93 in tried) and 2a03::/16
        Concentration n = st.newTable().asns();
        assertThat(n.top().getFirst()).isEqualTo(new Concentration.Group("unmapped", 382 - 1 - countIpv6With2a03()));
        assertThat(n.top()).contains(new Concentration.Group("AS13335", 1), new Concentration.Group("AS2914", countIpv6With2a03()));
        assertThat(st.tried().asns().top()).contains(new Concentration.Group("AS3320", 1));
    }

    private static int countIpv6With2a03() {
        return (int) Scenarios.entries(Scenarios.real(), Table.NEW).stream().filter(e -> e.address().startsWith("2a03:")).count();
    }
}
