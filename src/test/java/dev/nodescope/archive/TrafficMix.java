package dev.nodescope.archive;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.OutboundMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Metadata-only events shaped like a busy mainnet node's (no payloads): 125 peers, P2P message
 * types in roughly mainnet proportions (inv and tx dominate), payload sizes by type, about 500
 * messages a second, plus mempool additions and removals with random (incompressible) txids.
 * Used to size archives and to benchmark recording and replay.
 */
public final class TrafficMix {
    private TrafficMix() {
    }

    private static final String[] TYPES = {"inv", "inv", "inv", "inv", "inv", "inv", "inv", "tx", "tx", "tx", "tx", "getdata", "getdata",
        "ping", "pong", "headers", "addrv2", "feefilter", "sendcmpct", "cmpctblock", "notfound", "getheaders"};
    private static final String[] CONN = {"inbound", "inbound", "inbound", "outbound-full-relay", "block-relay-only"};

    /** {@code mempoolShare}: fraction of events that are mempool:added/removed (0 for P2P messages only). */
    static List<Event> events(int n, double mempoolShare, long seed) {
        return events(n, mempoolShare, seed, 3_600_000_000_000L);
    }

    /** The same from {@code monoStart} (ns after boot): consecutive calls with later starts make a longer recording piece by piece. */
    public static List<Event> events(int n, double mempoolShare, long seed, long monoStart) {
        Random r = new Random(seed);
        String[] addrs = new String[125];
        for (int i = 0; i < addrs.length; i++) {
            addrs[i] = switch (i % 3) {
                case 0 -> (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + ":" + (i < 10 ? 8333 : 30_000 + r.nextInt(30_000));
                case 1 -> "[2a01:4f8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536)) + "]:8333";
                default -> HexFormat.of().formatHex(new byte[] {(byte) r.nextInt()}).repeat(28) + ".onion:8333";
            };
        }
        List<Event> out = new ArrayList<>(n);
        long mono = monoStart;
        long wall = 1_764_400_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            mono += (long) (-Math.log(1 - r.nextDouble()) * 2_000_000); // exponential, 2 ms mean
            EventMeta m = new EventMeta("mainnet-1", 812, 830, "b-msghand", mono, wall + mono, i);
            if (r.nextDouble() < mempoolShare) {
                String txid = HexFormat.of().formatHex(randomBytes(r, 32));
                out.add(r.nextInt(3) > 0 ? new MempoolAdded(m, txid, 140 + r.nextInt(400), 200 + r.nextInt(20_000))
                        : new MempoolRemoved(m, txid, "block", 140 + r.nextInt(400), 200 + r.nextInt(20_000), 1_764_400_000L + r.nextInt(3600)));
                continue;
            }
            int peer = r.nextInt(addrs.length);
            String type = TYPES[r.nextInt(TYPES.length)];
            long size = switch (type) {
                case "inv", "getdata", "notfound" -> 1 + 36L * (1 + r.nextInt(30));
                case "tx" -> 150 + r.nextInt(600);
                case "ping", "pong", "feefilter" -> 8;
                case "headers" -> 82;
                case "addrv2" -> 1 + r.nextInt(400);
                case "sendcmpct" -> 9;
                case "cmpctblock" -> 10_000 + r.nextInt(20_000);
                default -> 1029;
            };
            String conn = CONN[peer % CONN.length];
            out.add(r.nextBoolean()
                    ? new InboundMessage(m, 1000 + peer, addrs[peer], conn, type, size, 0, size > 0, null)
                    : new OutboundMessage(m, 1000 + peer, addrs[peer], conn, type, size, 0, size > 0, null));
        }
        return out;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
