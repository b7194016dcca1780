package dev.nodescope.archive;

import dev.nodescope.event.ApsCreateTxInternal;
import dev.nodescope.event.Attached;
import dev.nodescope.event.AttemptingApsCreateTx;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.FlushMode;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Loss;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.NormalCreateTxInternal;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.SelectedCoins;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.event.UtxoCacheFlush;
import dev.nodescope.event.UtxoCacheSpent;
import dev.nodescope.event.UtxoCacheUncache;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Events of every kind with awkward values (negatives, extremes, empty strings, nulls), in time order. */
public final class SyntheticEvents {
    private SyntheticEvents() {
    }

    static final long BOOT_EPOCH_NANOS = 1_764_400_000_000_000_000L;

    public static List<Event> mix(int n, long seed) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>(n);
        long mono = 5_000_000_000L;
        String[] types = {"ping", "pong", "inv", "tx", "headers", "addrv2", "version", "verack", "block", "getdata"};
        String[] threads = {"b-msghand", "b-net", "b-scheduler", "b-loadblk"};
        for (int i = 0; i < n; i++) {
            mono += 1 + r.nextInt(2_000_000);
            int pid = i < n / 2 ? 4242 : 5151;
            EventMeta m = new EventMeta("node-a", pid, pid + r.nextInt(4), threads[r.nextInt(threads.length)], mono,
                    BOOT_EPOCH_NANOS + mono, i);
            long peer = r.nextInt(40);
            String addr = peer % 3 == 0 ? "[2001:db8::" + peer + "]:8333" : "203.0.113." + peer + ":" + (8333 + peer);
            int kind = r.nextInt(24);
            out.add(switch (kind) {
                case 0, 1, 2, 3 -> {
                    String type = types[r.nextInt(types.length)];
                    int size = r.nextInt(300);
                    byte[] payload = r.nextBoolean() ? null : bytes(r, size);
                    yield r.nextBoolean()
                            ? new InboundMessage(m, peer, addr, "inbound", type, size, payload == null ? 0 : size, false, payload)
                            : new OutboundMessage(m, peer, addr, "outbound-full-relay", type, 4_000_001, payload == null ? 0 : size,
                                    payload != null, payload);
                }
                case 4 -> new InboundConnection(m, peer, addr, "inbound", Network.IPV4, r.nextInt(125));
                case 5 -> new OutboundConnection(m, peer, addr, "block-relay-only", Network.ONION, 8);
                case 6 -> new EvictedInboundConnection(m, peer, addr, "inbound", Network.IPV6, 1_700_000_000L + i);
                case 7 -> new ClosedConnection(m, peer, addr, "manual", Network.UNKNOWN, 0);
                case 8 -> new MisbehavingConnection(m, peer, "headers message size = " + r.nextInt(3000));
                case 9 -> new BlockConnected(m, hash(r), i, r.nextInt(4000), r.nextInt(10_000), r.nextInt(80_000),
                        r.nextLong(1_000_000_000L));
                case 10 -> new UtxoCacheFlush(m, r.nextInt(1_000_000), FlushMode.values()[r.nextInt(FlushMode.values().length)],
                        r.nextLong(1L << 40), r.nextLong(1L << 34), r.nextBoolean());
                case 11 -> new UtxoCacheAdd(m, hash(r), r.nextInt(5000), i, 2_100_000_000_000_000L, r.nextBoolean());
                case 12 -> new UtxoCacheSpent(m, hash(r), 0xffffffffL, 0, 0, false);
                case 13 -> new UtxoCacheUncache(m, hash(r), 1, 840_000, 546, true);
                case 14 -> new SelectedCoins(m, "", "bnb", 100_000, -250, 100_250);
                case 15 -> new NormalCreateTxInternal(m, "wallet \"x\", y", r.nextBoolean(), 141, -1);
                case 16 -> new AttemptingApsCreateTx(m, "w");
                case 17 -> new ApsCreateTxInternal(m, "w", true, false, 0, 2);
                case 18 -> new MempoolAdded(m, hash(r), r.nextInt(100_000), r.nextLong(1_000_000));
                case 19 -> new MempoolRemoved(m, hash(r), "sizelimit", 141, 1000, 1_700_000_000L);
                case 20 -> new MempoolReplaced(m, hash(r), 141, 1000, 1_700_000_000L, hash(r), 150, 2000,
                        r.nextInt(3) == 0 ? null : r.nextBoolean());
                case 21 -> new MempoolRejected(m, hash(r), "min relay fee not met, 0 < 141");
                case 22 -> new Loss(m, "ring_reserve", r.nextBoolean() ? "net:inbound_message" : "*", 1 + r.nextInt(100));
                default -> r.nextBoolean()
                        ? new Attached(m, "/usr/local/bin/bitcoind", pid, List.of("net:inbound_message", "mempool:added"), List.of())
                        : new Detached(m, "process exited");
            });
        }
        return out;
    }

    private static String hash(Random r) {
        return HexFormat.of().formatHex(bytes(r, 32));
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** The JSON lines of the public schema, payloads in hex: equal lines, equal events. */
    public static List<String> json(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventJson json = new EventJson(out, true)) {
            events.forEach(json::write);
        }
        String all = out.toString(StandardCharsets.UTF_8);
        return all.isEmpty() ? List.of() : List.of(all.split("\n"));
    }

    /**
     * Alerts of {@code watch} with awkward values (pending, firing and resolved; about a peer and
     * not; evidence empty, whole and fractional), to go with {@link #mix}: kept apart so that the
     * mixes (and the golden archive made of one) stay as they were.
     */
    public static List<Event> alerts(long monoStart) {
        List<Event> out = new ArrayList<>();
        long mono = monoStart;
        dev.nodescope.event.AlertState[] states = dev.nodescope.event.AlertState.values();
        dev.nodescope.event.Severity[] severities = dev.nodescope.event.Severity.values();
        for (int i = 0; i < 9; i++) {
            mono += 1_000_000_007L;
            EventMeta m = new EventMeta("node-a", 4242, 0, "nodescope", mono, BOOT_EPOCH_NANOS + mono, 10_000 + i);
            boolean peer = i % 3 != 2;
            dev.nodescope.event.Evidence evidence = switch (i % 3) {
                case 0 -> dev.nodescope.event.Evidence.builder().put("addresses_rate_limited", 999).put("threshold", 100).build();
                case 1 -> dev.nodescope.event.Evidence.builder().put("p_value", 1.25e-7).put("minutes", -0.5).put("\"quoted\" name", 3).build();
                default -> dev.nodescope.event.Evidence.NONE;
            };
            out.add(new dev.nodescope.event.Alert(m, i % 2 == 0 ? "addr_flood" : "block_stall", states[i % 3], severities[(i / 3) % 3],
                    peer ? "peer:" + i : "node", peer ? i : -1, peer ? "203.0.113." + i + ":8333" : "",
                    "peer " + i + " sent 1,000 addresses in 3 messages; 999 were rate-limited (\"ü\")", evidence,
                    BOOT_EPOCH_NANOS + mono - 5_000_000_000L));
        }
        return out;
    }
}
