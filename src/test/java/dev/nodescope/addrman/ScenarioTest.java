package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories built from the real addrman (healthy, filled from four /16s by one source, tried
 * evicted): statistics and diffs exact, and each history stored and read back unchanged.
 */
class ScenarioTest {
    private final Grouping g = Grouping.withoutAsmap();

    @Test
    void healthyHistory() {
        List<AddrmanSnapshot> h = Scenarios.healthy();
        AddrmanDiff d = AddrmanDiff.between(h.get(1), h.get(2), g);
        assertThat(d.inserted()).extracting(AddrEntry::address).containsExactlyInAnyOrder("90.2.0.1", "91.2.0.1", "92.2.0.1", "93.2.0.1");
        assertThat(d.evicted()).isEmpty();
        assertThat(d.toTried()).hasSize(1);
        assertThat(d.toNew()).isEmpty();
        assertThat(d.refreshed()).isEqualTo(10);
        assertThat(d.sources()).containsOnlyKeys("30.2.0.0/16", "31.2.0.0/16", "32.2.0.0/16", "33.2.0.0/16");
        assertThat(d.sources().values()).allSatisfy(c -> assertThat(c).containsExactly(1, 0));
        // 4 new buckets filled, the moved entry's new bucket emptied, one tried bucket filled
        assertThat(d.buckets()).hasSize(6);
        assertThat(d.buckets().values().stream().mapToInt(c -> c[0]).sum()).isEqualTo(5);
        assertThat(d.buckets().values().stream().mapToInt(c -> c[1]).sum()).isEqualTo(1);

        AddrmanStats last = AddrmanStats.of(h.getLast(), g);
        assertThat(last.newTable().slots()).isEqualTo(382 + 12 - 3);
        assertThat(last.tried().slots()).isEqualTo(79);
        assertThat(last.newTable().sourceNetgroups().topShare()).isEqualTo(2.0 / 391);
        // the three entries moved to tried were each alone in their netgroup: 379 - 3 + 12 new ones
        List<AddrEntry> realNew = Scenarios.entries(h.getFirst(), Table.NEW);
        for (int i = 1; i <= 3; i++) {
            String group = g.netgroup(realNew.get(i));
            assertThat(realNew.stream().filter(e -> g.netgroup(e).equals(group))).hasSize(1);
        }
        assertThat(last.newTable().sourceNetgroups().distinct()).isEqualTo(379 - 3 + 12);
        assertThat(last.newTable().terrible()).isZero();
    }

    @Test
    void filledFromFewSlash16sByOneSource() {
        List<AddrmanSnapshot> h = Scenarios.filled();
        AddrmanSnapshot real = h.getFirst();
        // preconditions on the real data the expected values rely on
        assertThat(real.entries()).noneMatch(e -> e.address().startsWith("45.33.") || e.address().matches("185\\.1[0-3]\\..*"));

        AddrmanStats st = AddrmanStats.of(h.getLast(), g);
        AddrmanStats.TableStats n = st.newTable();
        assertThat(n.slots()).isEqualTo(682);
        assertThat(n.sourceNetgroups().top().getFirst()).isEqualTo(new Concentration.Group("45.33.0.0/16", 300));
        assertThat(n.sourceNetgroups().topShare()).isEqualTo(300.0 / 682);
        assertThat(n.sourceNetgroups().herfindahl()).isCloseTo((300.0 * 300 + 388) / (682.0 * 682), within(1e-12));
        assertThat(n.sourceNetgroups().distinct()).isEqualTo(380);
        assertThat(n.netgroups().top()).extracting(Concentration.Group::name)
                .startsWith("185.10.0.0/16", "185.11.0.0/16", "185.12.0.0/16", "185.13.0.0/16");
        assertThat(n.netgroups().top().getFirst().count()).isEqualTo(75);
        assertThat(n.netgroups().herfindahl()).isCloseTo((4 * 75.0 * 75 + 388) / (682.0 * 682), within(1e-12));
        assertThat(n.bucketsUsed()).isEqualTo(317 + 64);
        assertThat(n.fill()[5]).isEqualTo(44); // 300 entries over 64 buckets: 44 hold 5, 20 hold 4
        assertThat(n.fill()[4]).isEqualTo(2 + 20);
        // the healthy history's concentration stays where the real one was
        assertThat(AddrmanStats.of(Scenarios.healthy().getLast(), g).newTable().sourceNetgroups().topShare()).isLessThan(0.01);

        AddrmanDiff d = AddrmanDiff.between(h.get(2), h.get(3), g);
        assertThat(d.inserted()).hasSize(100);
        assertThat(d.evicted()).isEmpty();
        assertThat(d.sources()).containsOnlyKeys("45.33.0.0/16");
        assertThat(d.sources().get("45.33.0.0/16")).containsExactly(100, 0);
        // i = 200..299 over 64 buckets: 36 buckets get 2, 28 get 1
        assertThat(d.buckets()).hasSize(64);
        assertThat(d.buckets().values().stream().filter(c -> c[0] == 2)).hasSize(36);
        assertThat(d.buckets().values().stream().filter(c -> c[0] == 1)).hasSize(28);
        assertThat(DiffReport.lines(d)).startsWith("from 2026-11-25T03:59:00Z to 2026-11-25T04:01:00Z (120 s)",
                "inserted 100, evicted 0, new->tried 0, tried->new 0, re-dated 0",
                "per source netgroup (inserted/evicted):", "  45.33.0.0/16 +100 -0", "per bucket (slots filled/emptied):");
    }

    @Test
    void triedEvictedByTheAttacker() {
        List<AddrmanSnapshot> h = Scenarios.triedEvicted();
        assertThat(h).hasSize(7);
        AddrmanDiff d = AddrmanDiff.between(h.get(4), h.get(5), g);
        assertThat(d.toTried()).hasSize(20).allMatch(e -> e.source().equals(Scenarios.ATTACKER) && e.table() == Table.TRIED);
        assertThat(d.toNew()).hasSize(10).allMatch(e -> e.table() == Table.NEW);
        assertThat(d.evicted()).hasSize(10);
        assertThat(d.inserted()).isEmpty();
        assertThat(d.sources().values().stream().mapToInt(c -> c[1]).sum()).isEqualTo(10);
        // tried: 20 slots changed occupant; new: 20 attacker slots emptied, 10 filled by the pushed-back entries
        int triedChanged = d.buckets().entrySet().stream().filter(e -> e.getKey().startsWith("tried/"))
                .mapToInt(e -> e.getValue()[0]).sum();
        assertThat(triedChanged).isEqualTo(20);
        int newEmptied = d.buckets().entrySet().stream().filter(e -> e.getKey().startsWith("new/"))
                .mapToInt(e -> e.getValue()[1]).sum();
        assertThat(newEmptied).isEqualTo(20);

        AddrmanStats.TableStats tried = AddrmanStats.of(h.getLast(), g).tried();
        assertThat(tried.slots()).isEqualTo(76);
        assertThat(tried.sourceNetgroups().top().getFirst()).isEqualTo(new Concentration.Group("45.33.0.0/16", 60));
        assertThat(tried.sourceNetgroups().topShare()).isEqualTo(60.0 / 76);
        assertThat(tried.netgroups().topShare()).isEqualTo(15.0 / 76);
        assertThat(tried.netgroups().herfindahl()).isCloseTo((4 * 15.0 * 15 + 16) / (76.0 * 76), within(1e-12));

        AddrmanDiff whole = AddrmanDiff.between(h.getFirst(), h.getLast(), g);
        assertThat(whole.inserted()).hasSize(300 - 60 + 60 - 0 - 0); // all attacker addresses are new to the real snapshot
        assertThat(whole.evicted()).hasSize(30);
        assertThat(whole.toNew()).hasSize(30);
    }

    @Test
    void historiesStoreAndReadBackExactly(@TempDir Path dir) throws Exception {
        for (List<AddrmanSnapshot> h : List.of(Scenarios.healthy(), Scenarios.triedEvicted())) {
            Path out = dir.resolve("h" + h.size());
            HistoryWriter w = HistoryWriter.open(out);
            for (AddrmanSnapshot s : h) {
                w.append(s);
            }
            History read = History.open(out);
            List<SnapshotFile.Kind> kinds = read.headers().stream().map(SnapshotFile.Header::kind).toList();
            assertThat(kinds.getFirst()).isEqualTo(SnapshotFile.Kind.FULL);
            assertThat(kinds.subList(1, kinds.size())).containsOnly(SnapshotFile.Kind.DIFF);
            List<AddrmanSnapshot> back = new ArrayList<>();
            for (Iterator<AddrmanSnapshot> it = read.iterator(); it.hasNext(); ) {
                back.add(it.next());
            }
            assertThat(back).hasSize(h.size());
            for (int i = 0; i < h.size(); i++) {
                assertThat(back.get(i).entries()).isEqualTo(h.get(i).entries());
                assertThat(back.get(i).timeMillis()).isEqualTo(h.get(i).timeMillis());
                assertThat(back.get(i).peers()).isEqualTo(h.get(i).peers());
            }
            assertThat(History.load(read.files().get(2)).entries()).isEqualTo(h.get(2).entries());
        }
    }
}
