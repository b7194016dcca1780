package dev.nodescope.addrman;

import dev.nodescope.rpc.StubNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Synthetic addrman histories grown from the real node's getrawaddrman (382 new, 76 tried, taken
 * at {@link #T0}): every change is made by hand here, so each test knows exactly what changed.
 */
final class Scenarios {
    /** The real snapshot's time: 8 to 10 s after its entries' times. */
    static final long T0 = 1_795_578_900_000L;
    static final long STEP = 120_000;
    /** The attacker's one source and its netgroup. */
    static final String ATTACKER = "45.33.1.7";

    private Scenarios() {
    }

    static AddrmanSnapshot real() {
        return RpcAnswers.snapshot(T0, StubNode.resource("regtest-getrawaddrman.json"),
                StubNode.resource("regtest-getaddrmaninfo.json"), StubNode.resource("regtest-getpeerinfo.json"),
                StubNode.resource("stub-getnetworkinfo.json"));
    }

    /** A snapshot being edited slot by slot. */
    static final class Editor {
        final AddrEntry[] slots;
        final long time;
        final AddrmanSnapshot base;

        Editor(AddrmanSnapshot base, long time) {
            this.base = base;
            this.slots = base.bySlot();
            this.time = time;
        }

        Editor put(Table table, int bucket, int position, String address, String source, long seenSeconds) {
            slots[table.slot(bucket, position)] = new AddrEntry(table.slot(bucket, position), address, 8333, 9, seenSeconds,
                    "ipv4", source, "ipv4", 0, 0);
            return this;
        }

        Editor redate(int slot, long seenSeconds) {
            AddrEntry e = slots[slot];
            slots[slot] = new AddrEntry(slot, e.address(), e.port(), e.services(), seenSeconds, e.network(), e.source(),
                    e.sourceNetwork(), e.mappedAs(), e.sourceMappedAs());
            return this;
        }

        /** Moves the entry in {@code from} to {@code to} (another table's slot), leaving {@code from} empty. */
        Editor move(int from, int to) {
            AddrEntry e = slots[from];
            slots[from] = null;
            slots[to] = new AddrEntry(to, e.address(), e.port(), e.services(), e.time(), e.network(), e.source(),
                    e.sourceNetwork(), e.mappedAs(), e.sourceMappedAs());
            return this;
        }

        Editor remove(int slot) {
            slots[slot] = null;
            return this;
        }

        AddrmanSnapshot done() {
            List<AddrEntry> entries = new ArrayList<>();
            for (AddrEntry e : slots) {
                if (e != null) {
                    entries.add(e);
                }
            }
            return new AddrmanSnapshot(time, base.node(), java.util.Map.of(), base.peers(), entries);
        }
    }

    /** Buckets of a table with no entry in the real snapshot, in order. */
    static List<Integer> emptyBuckets(AddrmanSnapshot s, Table table) {
        TreeSet<Integer> used = new TreeSet<>();
        s.entries().stream().filter(e -> e.table() == table).forEach(e -> used.add(e.bucket()));
        List<Integer> free = new ArrayList<>();
        for (int b = 0; b < table.buckets(); b++) {
            if (!used.contains(b)) {
                free.add(b);
            }
        }
        return free;
    }

    /** The real entries of a table, by slot. */
    static List<AddrEntry> entries(AddrmanSnapshot s, Table table) {
        return s.entries().stream().filter(e -> e.table() == table).toList();
    }

    /**
     * Healthy: three steps of two minutes; each inserts 4 addresses from 4 sources in 4 different
     * /16s into empty new buckets, re-dates 10 new entries, and moves one new entry to tried (a
     * successful connection).
     */
    static List<AddrmanSnapshot> healthy() {
        AddrmanSnapshot s = real();
        List<AddrmanSnapshot> history = new ArrayList<>(List.of(s));
        List<Integer> freeNew = emptyBuckets(s, Table.NEW);
        List<Integer> freeTried = emptyBuckets(s, Table.TRIED);
        List<AddrEntry> realNew = entries(s, Table.NEW);
        for (int step = 1; step <= 3; step++) {
            long t = T0 + step * STEP;
            Editor ed = new Editor(s, t);
            for (int i = 0; i < 4; i++) {
                ed.put(Table.NEW, freeNew.get(step * 4 + i), 0, "9" + i + "." + step + ".0.1", "3" + i + "." + step + ".0.9",
                        t / 1000 - 60);
            }
            for (int i = 0; i < 10; i++) {
                ed.redate(realNew.get(100 + step * 10 + i).slot(), t / 1000 - 5);
            }
            ed.move(realNew.get(step).slot(), Table.TRIED.slot(freeTried.get(step), 0));
            s = ed.done();
            history.add(s);
        }
        return history;
    }

    /** The attacker's address number {@code i}: four /16s, 185.10 to 185.13. */
    static String attackerAddress(int i) {
        return "185." + (10 + i % 4) + "." + (i / 4 / 250) + "." + (i / 4 % 250 + 1);
    }

    /**
     * Filled: three steps; each inserts 100 addresses from four /16s (185.10-13), all relayed by
     * one source ({@link #ATTACKER}), into 64 empty new buckets (one source group reaches at most
     * 64 new buckets in Core): address i goes to bucket {@code free[i % 64]}, position {@code i / 64}.
     */
    static List<AddrmanSnapshot> filled() {
        AddrmanSnapshot s = real();
        List<AddrmanSnapshot> history = new ArrayList<>(List.of(s));
        List<Integer> free = emptyBuckets(s, Table.NEW).subList(0, 64);
        for (int step = 1; step <= 3; step++) {
            long t = T0 + step * STEP;
            Editor ed = new Editor(s, t);
            for (int i = (step - 1) * 100; i < step * 100; i++) {
                ed.put(Table.NEW, free.get(i % 64), i / 64, attackerAddress(i), ATTACKER, t / 1000);
            }
            s = ed.done();
            history.add(s);
        }
        return history;
    }

    /**
     * Tried evicted: after {@link #filled()}, three steps; each moves 20 of the attacker's new
     * entries into tried slots held by real entries (the attacker's nodes answer): 10 of the real
     * entries go back to new (into empty new buckets), 10 leave the addrman.
     */
    static List<AddrmanSnapshot> triedEvicted() {
        List<AddrmanSnapshot> history = new ArrayList<>(filled());
        AddrmanSnapshot s = history.getLast();
        AddrmanSnapshot real = history.getFirst();
        List<AddrEntry> realTried = entries(real, Table.TRIED);
        List<Integer> freeNew = emptyBuckets(real, Table.NEW).subList(64, 94);
        List<AddrEntry> attackerNew = s.entries().stream().filter(e -> e.source().equals(ATTACKER)).toList();
        for (int step = 1; step <= 3; step++) {
            long t = T0 + (3 + step) * STEP;
            Editor ed = new Editor(s, t);
            for (int i = 0; i < 20; i++) {
                int k = (step - 1) * 20 + i;
                AddrEntry victim = realTried.get(k);
                if (i < 10) {
                    ed.move(victim.slot(), Table.NEW.slot(freeNew.get((step - 1) * 10 + i), 0));
                } else {
                    ed.remove(victim.slot());
                }
                ed.move(attackerNew.get(k).slot(), victim.slot());
            }
            s = ed.done();
            history.add(s);
        }
        return history;
    }
}
