package dev.nodescope.traffic;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.web.BusyNodeArchive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Two runs of one node with known traffic, for {@code traffic}'s tests and benchmark: the same
 * transactions (a seeded number per second) relayed by flooding only ({@link #FLOOD}), or with
 * reconciliation like Erlay's ({@link #RECONCILE}: inv to the outbound peers only, sketches every
 * few seconds). Everything else (handshakes, pings, blocks) is the same in both. Every count is
 * a closed form of the parameters below, so tests can state the exact totals.
 *
 * <p>Peers: 8 outbound-full-relay (ids 0-7), 2 block-relay-only (8, 9) and 20 inbound (10-29),
 * each opened at {@code id} ms; inbound peer 30 opens at 300 s, pings once at 330 s and closes at
 * 400 s. The transactions of second {@code s} come at {@code s} s + 100, 300, 500, 700 ms from
 * inbound peer {@code 10 + n % 20} ({@code n}: the transaction's number).
 */
public final class TrafficRuns {
    public static final String NODE = "node-t";
    public static final long START_EPOCH_NANOS = 1_764_662_400_000_000_000L; // 2025-12-02T08:00:00Z
    public static final long DAY_NANOS = 86_400_000_000_000L;

    public static final int OUTBOUND = 8;
    public static final int BLOCK_RELAY = 2;
    public static final int INBOUND = 20;
    public static final int LATE_PEER = OUTBOUND + BLOCK_RELAY + INBOUND;

    static final int INV = 37;
    static final int TX = 250;
    static final int VERSION = 102;
    static final int PING = 8;
    static final int CMPCTBLOCK = 15_000;
    static final int HEADERS = 81;
    static final int SENDTXRCNCL = 16;
    static final int REQRECON = 12;
    static final int SKETCH = 64;
    static final int RECONCILDIFF = 33;

    /** Flooding: per transaction 9 inv received (its source and the outbound peers), getdata, tx, 27 inv sent. */
    public static final Run FLOOD = new Run(false);
    /** Reconciliation: per transaction 3 inv received, getdata, tx, 8 inv sent; reconciliation rounds on a timer. */
    public static final Run RECONCILE = new Run(true);

    public record Run(boolean reconcile) {
        /** Relay payload bytes per transaction. */
        public long perTxPayload() {
            return reconcile ? 3L * INV + TX + INV + (long) OUTBOUND * INV : 9L * INV + TX + INV + 27L * INV;
        }

        public long perTxMessages() {
            return reconcile ? 3 + 1 + 1 + OUTBOUND : 9 + 1 + 1 + 27;
        }

        /** Reconciliation payload over {@code seconds} (per-time, not per-transaction), sendtxrcncl included. */
        public long reconciliationPayload(int seconds) {
            if (!reconcile) {
                return 0;
            }
            return outboundRounds(seconds) * OUTBOUND * (REQRECON + SKETCH + RECONCILDIFF)
                    + inboundRounds(seconds) * INBOUND * (REQRECON + SKETCH + RECONCILDIFF) + 2L * (OUTBOUND + INBOUND) * SENDTXRCNCL;
        }

        public long reconciliationMessages(int seconds) {
            if (!reconcile) {
                return 0;
            }
            return outboundRounds(seconds) * OUTBOUND * 3 + inboundRounds(seconds) * INBOUND * 3 + 2L * (OUTBOUND + INBOUND);
        }
    }

    /** Outbound peers reconcile every 2 s, inbound every 8 s (seconds 0, 2, 4, ... and 0, 8, 16, ...). */
    static long outboundRounds(int seconds) {
        return (seconds + 1) / 2;
    }

    static long inboundRounds(int seconds) {
        return (seconds + 7) / 8;
    }

    /** Transactions per second: 0 to {@code maxPerSecond}, seeded. */
    public static int[] txsPerSecond(int seconds, int maxPerSecond, long seed) {
        Random r = new Random(seed);
        int[] out = new int[seconds];
        for (int s = 0; s < seconds; s++) {
            out[s] = r.nextInt(maxPerSecond + 1);
        }
        return out;
    }

    private TrafficRuns() {
    }

    /** The run's events in time order, second by second, so a day of them never needs to be in memory at once. */
    public static void play(Run run, int seconds, int maxTxsPerSecond, long seed, long startEpochNanos, Consumer<Event> out) {
        int[] txs = txsPerSecond(seconds, maxTxsPerSecond, seed);
        Emitter e = new Emitter(startEpochNanos, out);
        for (int p = 0; p < LATE_PEER; p++) {
            e.open(p, p * 1_000_000L, run.reconcile);
        }
        e.flush();
        long txNumber = 0;
        for (int s = 0; s <= seconds; s++) {
            long t0 = s * 1_000_000_000L;
            if (s % 60 == 0) {
                for (int p = 0; p < LATE_PEER; p++) {
                    e.msg(false, p, "ping", PING, t0 + 500_000_000L + p * 1_000_000L);
                    e.msg(true, p, "pong", PING, t0 + 500_000_000L + p * 1_000_000L + 1);
                }
            }
            if (s == seconds) {
                e.flush();
                break;
            }
            if (s == 300) {
                e.open(LATE_PEER, t0, false);
            }
            if (s == 330) {
                e.msg(false, LATE_PEER, "ping", PING, t0);
                e.msg(true, LATE_PEER, "pong", PING, t0 + 1);
            }
            if (s == 400) {
                e.close(LATE_PEER, t0);
            }
            if (s % 120 == 60) {
                e.msg(true, 0, "cmpctblock", CMPCTBLOCK, t0 + 900_000_000L);
                for (int p = OUTBOUND + BLOCK_RELAY; p < LATE_PEER; p++) {
                    e.msg(false, p, "headers", HEADERS, t0 + 900_000_000L + p * 1000L);
                }
            }
            for (int j = 0; j < txs[s]; j++) {
                long t = t0 + 100_000_000L + j * 200_000_000L;
                int source = OUTBOUND + BLOCK_RELAY + (int) (txNumber % INBOUND);
                e.msg(true, source, "inv", INV, t);
                e.msg(false, source, "getdata", INV, t + 1000);
                e.msg(true, source, "tx", TX, t + 2000);
                e.added(txNumber, t + 3000);
                int received = run.reconcile ? 2 : OUTBOUND;
                for (int p = 0; p < received; p++) {
                    e.msg(true, p, "inv", INV, t + 4000 + p);
                }
                for (int p = 0; p < LATE_PEER; p++) {
                    boolean txRelay = p < OUTBOUND || p >= OUTBOUND + BLOCK_RELAY;
                    if (p != source && txRelay && (!run.reconcile || p < OUTBOUND)) {
                        e.msg(false, p, "inv", INV, t + 5000 + p);
                    }
                }
                txNumber++;
            }
            if (run.reconcile) {
                long t = t0 + 950_000_000L;
                if (s % 2 == 0) {
                    for (int p = 0; p < OUTBOUND; p++) {
                        e.msg(false, p, "reqrecon", REQRECON, t + p * 10);
                        e.msg(true, p, "sketch", SKETCH, t + p * 10 + 1);
                        e.msg(false, p, "reconcildiff", RECONCILDIFF, t + p * 10 + 2);
                    }
                }
                if (s % 8 == 0) {
                    for (int p = OUTBOUND + BLOCK_RELAY; p < LATE_PEER; p++) {
                        e.msg(true, p, "reqrecon", REQRECON, t + p * 10);
                        e.msg(false, p, "sketch", SKETCH, t + p * 10 + 1);
                        e.msg(true, p, "reconcildiff", RECONCILDIFF, t + p * 10 + 2);
                    }
                }
            }
            e.flush();
        }
    }

    /** The run's events, recorded into {@code dir} (the run's start: {@code startEpochNanos}). */
    public static List<Event> write(Path dir, Run run, int seconds, int maxTxsPerSecond, long seed, long startEpochNanos) throws IOException {
        List<Event> events = new ArrayList<>();
        play(run, seconds, maxTxsPerSecond, seed, startEpochNanos, events::add);
        BusyNodeArchive.record(dir, NODE, events);
        return events;
    }

    static String addr(int peer) {
        return "203.0.113." + peer + ":" + (peer < OUTBOUND + BLOCK_RELAY ? 8333 : 40_000 + peer);
    }

    static String connType(int peer) {
        return peer < OUTBOUND ? "outbound-full-relay" : peer < OUTBOUND + BLOCK_RELAY ? "block-relay-only" : "inbound";
    }

    /** Builds events at offsets from the start and hands them on in time order, a second's worth at a time. */
    private static final class Emitter {
        private final long start;
        private final Consumer<Event> out;
        private final List<Event> pending = new ArrayList<>();
        private long seq;

        Emitter(long start, Consumer<Event> out) {
            this.start = start;
            this.out = out;
        }

        private EventMeta meta(long offset) {
            return new EventMeta(NODE, 4242, 4243, "b-msghand", 1_000_000_000L + offset, start + offset, 0);
        }

        void msg(boolean received, int peer, String type, int size, long offset) {
            EventMeta m = meta(offset);
            pending.add(received ? new InboundMessage(m, peer, addr(peer), connType(peer), type, size, 0, false, null)
                    : new OutboundMessage(m, peer, addr(peer), connType(peer), type, size, 0, false, null));
        }

        void open(int peer, long offset, boolean reconcile) {
            EventMeta m = meta(offset);
            boolean inbound = "inbound".equals(connType(peer));
            pending.add(inbound ? new InboundConnection(m, peer, addr(peer), connType(peer), Network.IPV4, 1)
                    : new OutboundConnection(m, peer, addr(peer), connType(peer), Network.IPV4, 1));
            msg(!inbound, peer, "version", VERSION, offset + 10);
            msg(inbound, peer, "version", VERSION, offset + 20);
            msg(!inbound, peer, "verack", 0, offset + 30);
            msg(inbound, peer, "verack", 0, offset + 40);
            if (reconcile && peer != LATE_PEER && !"block-relay-only".equals(connType(peer))) {
                msg(false, peer, "sendtxrcncl", SENDTXRCNCL, offset + 50);
                msg(true, peer, "sendtxrcncl", SENDTXRCNCL, offset + 60);
            }
        }

        void close(int peer, long offset) {
            pending.add(new ClosedConnection(meta(offset), peer, addr(peer), connType(peer), Network.IPV4, 1_764_662_700L));
        }

        void added(long txNumber, long offset) {
            String txid = HexFormat.of().formatHex(ByteBuffer.allocate(32).putLong(0, txNumber).array());
            pending.add(new MempoolAdded(meta(offset), txid, 141, 1410));
        }

        void flush() {
            pending.sort(Comparator.comparingLong(ev -> ev.meta().epochNanos()));
            for (Event ev : pending) {
                EventMeta m = ev.meta();
                out.accept(withSeq(ev, new EventMeta(m.node(), m.pid(), m.tid(), m.thread(), m.monoNs(), m.epochNanos(), seq++)));
            }
            pending.clear();
        }

        private static Event withSeq(Event ev, EventMeta m) {
            return switch (ev) {
                case InboundMessage i -> new InboundMessage(m, i.peerId(), i.addr(), i.connType(), i.msgType(), i.size(), 0, false, null);
                case OutboundMessage o -> new OutboundMessage(m, o.peerId(), o.addr(), o.connType(), o.msgType(), o.size(), 0, false, null);
                case InboundConnection c -> new InboundConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.existingConnections());
                case OutboundConnection c -> new OutboundConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.existingConnections());
                case ClosedConnection c -> new ClosedConnection(m, c.peerId(), c.addr(), c.connType(), c.network(), c.timeEstablished());
                case MempoolAdded a -> new MempoolAdded(m, a.txid(), a.vsize(), a.fee());
                default -> throw new IllegalArgumentException(ev.toString());
            };
        }
    }
}
