package dev.nodescope.addrman;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A mainnet-sized addrman and its history, for bench/addrman-history.sh: 65,536 entries (60,000 new,
 * 5,536 tried; 80% IPv4, 12% IPv6, 7% onion, 1% I2P; 2,000 sources; times spread over 30 days),
 * then every two minutes: 40 new slots taken over by newly heard addresses, 300 entries re-dated,
 * 2 new entries moved to tried (each swapping with the tried entry in that slot, which goes back
 * to new). Seeded: the same arguments give the same bytes.
 *
 * <p>Run: {@code java ... dev.nodescope.addrman.SyntheticAddrman DIR SNAPSHOTS [SEED]}.
 */
public final class SyntheticAddrman {
    static final int NEW = 60_000;
    static final int TRIED = 5_536;
    static final int INSERTS = 40;
    static final int REDATES = 300;
    static final int TO_TRIED = 2;
    static final long START = 1_795_578_900_000L;
    static final long STEP = 120_000;

    private final SplittableRandom random;
    private final List<String> sources = new ArrayList<>();
    private int serial;

    SyntheticAddrman(long seed) {
        random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            sources.add(ipv4());
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int snapshots = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        SyntheticAddrman gen = new SyntheticAddrman(seed);
        HistoryWriter w = HistoryWriter.open(dir);
        AddrEntry[] slots = gen.initial();
        for (int i = 0; i < snapshots; i++) {
            long t = START + i * STEP;
            if (i > 0) {
                gen.step(slots, t / 1000);
            }
            w.append(snapshot(slots, t));
        }
    }

    static AddrmanSnapshot snapshot(AddrEntry[] slots, long timeMillis) {
        List<AddrEntry> entries = new ArrayList<>();
        for (AddrEntry e : slots) {
            if (e != null) {
                entries.add(e);
            }
        }
        return new AddrmanSnapshot(timeMillis, new NodeFacts(290000, "/Satoshi:29.0.0/", 115, 10), java.util.Map.of(),
                List.of(), entries);
    }

    AddrEntry[] initial() {
        AddrEntry[] slots = new AddrEntry[Table.ALL_SLOTS];
        long now = START / 1000;
        fill(slots, Table.NEW, NEW, now);
        fill(slots, Table.TRIED, TRIED, now);
        return slots;
    }

    private void fill(AddrEntry[] slots, Table table, int count, long now) {
        int placed = 0;
        while (placed < count) {
            int slot = table.slot(random.nextInt(table.buckets()), random.nextInt(Table.BUCKET_SIZE));
            if (slots[slot] == null) {
                slots[slot] = entry(slot, now - random.nextLong(30L * 86_400));
                placed++;
            }
        }
    }

    void step(AddrEntry[] slots, long now) {
        for (int i = 0; i < INSERTS; i++) {
            int slot = occupied(slots, Table.NEW);
            slots[slot] = entry(slot, now - random.nextLong(3 * 3600));
        }
        for (int i = 0; i < REDATES; i++) {
            int slot = occupied(slots, random.nextInt(10) < 9 ? Table.NEW : Table.TRIED);
            AddrEntry e = slots[slot];
            slots[slot] = with(e, slot, now - random.nextLong(1200));
        }
        for (int i = 0; i < TO_TRIED; i++) {
            int from = occupied(slots, Table.NEW);
            int to = occupied(slots, Table.TRIED);
            AddrEntry promoted = slots[from];
            AddrEntry demoted = slots[to];
            slots[to] = with(promoted, to, now);
            slots[from] = with(demoted, from, demoted.time());
        }
    }

    private int occupied(AddrEntry[] slots, Table table) {
        while (true) {
            int slot = table.slot(random.nextInt(table.buckets()), random.nextInt(Table.BUCKET_SIZE));
            if (slots[slot] != null) {
                return slot;
            }
        }
    }

    private static AddrEntry with(AddrEntry e, int slot, long time) {
        return new AddrEntry(slot, e.address(), e.port(), e.services(), time, e.network(), e.source(), e.sourceNetwork(),
                e.mappedAs(), e.sourceMappedAs());
    }

    private AddrEntry entry(int slot, long time) {
        int kind = random.nextInt(100);
        String network;
        String address;
        if (kind < 80) {
            network = "ipv4";
            address = ipv4();
        } else if (kind < 92) {
            network = "ipv6";
            address = String.format("2%03x:%x:%x::%x", random.nextInt(0x1000), random.nextInt(0x10000), random.nextInt(0x10000),
                    random.nextInt(0x10000));
        } else if (kind < 99) {
            network = "onion";
            address = base32(56) + ".onion";
        } else {
            network = "i2p";
            address = base32(52) + ".b32.i2p";
        }
        String source = sources.get(random.nextInt(sources.size()));
        long services = random.nextInt(4) == 0 ? 1033 : 3081; // NETWORK|WITNESS|NETWORK_LIMITED (+ P2P_V2)
        int port = kind < 92 && random.nextInt(20) == 0 ? 1024 + random.nextInt(60_000) : 8333;
        serial++;
        return new AddrEntry(slot, address, port, services, time, network, source, "ipv4", 0, 0);
    }

    private String ipv4() {
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String base32(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(32)));
        }
        return b.toString();
    }
}
