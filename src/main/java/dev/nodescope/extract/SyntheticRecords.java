package dev.nodescope.extract;

import static dev.nodescope.extract.RecordLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.nodescope.bpf.Libc;
import dev.nodescope.bpf.RingBuffer;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.tool.Tool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Ring-buffer records as the BPF programs write them, made up in memory, decoded by a decoder of
 * its own and delivered like the live extractor's: the source of a tool's rehearsal before
 * {@link LiveSource} attaches ({@link dev.nodescope.stream.EventSource#rehearseFirst}).
 *
 * <p>Why: a node can fire a burst from the first second (a reindex: millions of utxocache events),
 * and the JIT compiling the event path (decoder, dispatch, the tool's encoder or writer) during
 * the burst was most of a short burst's CPU (issue 18). Run here first, the compilation happens
 * at start-up instead. The records cycle through the selected tracepoints with plausible, varying
 * values (distinct hashes, a few peers, message types and sizes; small real payloads where the
 * source copies payloads), so the code compiled is the code the node's events take. It runs until
 * the JIT has gone quiet: at least {@link Tool#REHEARSAL_EVENTS} events, then until the compiler threads
 * stayed idle while events kept coming ({@link CompilerActivity}), at most {@link #MAX_NANOS}.
 */
final class SyntheticRecords implements EventSource {
    static final long MAX_NANOS = 3_000_000_000L;
    /** How often the compiler threads are asked while rehearsing. */
    private static final long CHECK_NANOS = 20_000_000L;
    /** Less compiler CPU than this between two checks is an idle JIT (a tiny compilation may pass). */
    private static final long JIT_IDLE_NANOS = 1_000_000L;
    /** Checks in a row with the JIT idle before the rehearsal ends: 60 ms of events compiling nothing. */
    private static final int QUIET_CHECKS = 3;
    private static final int FALLBACK_CHECKS = 25;
    /** Records per round once {@link Tool#REHEARSAL_EVENTS} were delivered, and the pause after each: ~100,000 a second. */
    private static final int TRICKLE_ROUND = 512;
    private static final long TRICKLE_NANOS = 5_000_000L;
    /** The rehearsal's ring: small, so that it adds little to the resident set while the real one is mapped. */
    private static final long RING_BYTES = 256 << 10;
    /** Records per round; the JIT is asked between rounds. */
    private static final int ROUND = 8192;
    /** Time between records: the second changes every 20,000 events, so code per second is taken too. */
    private static final long STEP_NANOS = 50_000;
    /**
     * Distinct records prepared: hashes and peers vary across them. Few enough that a block of
     * the recorder's understudy compresses them cheaply: its writer's CPU is the rehearsal's cost.
     */
    private static final int PREPARED = 64;
    /** A record's room in the arena: the largest fixed part plus the payload size class used. */
    private static final int SLOT = 512;
    /** Documentation addresses (RFC 5737): nothing here is a real peer. */
    private static final String[] ADDRESSES = {"203.0.113.7:8333", "203.0.113.19:8333", "198.51.100.4:8333", "192.0.2.33:52011"};
    private static final String[] CONNECTION_TYPES = {"outbound-full-relay", "inbound", "block-relay-only", "inbound"};
    private static final String[] MESSAGE_TYPES = {"inv", "getdata", "ping", "pong", "feefilter", "sendcmpct", "verack"};

    private final List<Tracepoint> tracepoints;
    private final int payloadMax;
    private final String node;
    private final long eventLimit;
    private final SourceStats.Tally stats = new SourceStats.Tally();
    private volatile boolean stopRequested;
    private volatile SourceStats published = SourceStats.empty();

    /**
     * Records of {@code tracepoints} (those the live source attaches), with payloads when
     * {@code payloadMax} > 0 as the live source copies them; {@code eventLimit} > 0 delivers exactly
     * that many instead of waiting for the JIT (tests).
     */
    SyntheticRecords(Set<Tracepoint> tracepoints, int payloadMax, String node, long eventLimit) {
        this.tracepoints = List.copyOf(tracepoints);
        this.payloadMax = payloadMax;
        this.node = node;
        this.eventLimit = eventLimit;
    }

    @Override
    public void run(EventSink sink) {
        List<Tracepoint> delivered = new ArrayList<>();
        for (Tracepoint tp : tracepoints) {
            if (sink.wants(tp) && RecordLayout.minimumSize(tp.id()) <= SLOT) {
                delivered.add(tp);
            }
        }
        if (delivered.isEmpty()) {
            return;
        }
        RecordDecoder decoder = new RecordDecoder(node);
        long mono = Libc.monotonicNanos();
        decoder.setEpochOffset(System.currentTimeMillis() * 1_000_000L - mono);
        RecordDelivery delivery = new RecordDelivery(decoder, stats, sink);
        try (Arena arena = Arena.ofConfined(); RingBuffer ring = RingBuffer.inMemory(RING_BYTES)) {
            MemorySegment records = arena.allocate((long) PREPARED * SLOT, 8);
            int[] lengths = new int[PREPARED];
            SplittableRandom random = new SplittableRandom(18);
            for (int i = 0; i < PREPARED; i++) {
                lengths[i] = write(records, (long) i * SLOT, delivered.get(i % delivered.size()), i, random);
            }
            long started = System.nanoTime();
            JitWatch jit = new JitWatch(started);
            long events = 0;
            List<String> names = delivered.stream().map(Tracepoint::fullName).toList();
            int rounds = 0;
            int round = ROUND;
            while (!stopRequested) {
                // the live source's first event, once a round: a path whose profile never saw one is
                // compiled for the tracepoints' event classes alone, and the real attach would undo it
                sink.accept(new Attached(decoder.toolMeta(-1, mono), "rehearsal", -1, names, List.of(), ""));
                // a thread name not seen before, now and then: the decoder's string cache misses as on a node
                string(records, (long) (rounds % PREPARED) * SLOT + THREAD, THREAD_LEN, "b-rehearse." + rounds++);
                // records into the ring as the kernel writes them, read out with the live source's
                // own code (RingBuffer.drain, RecordDelivery) whenever the ring is full
                for (int n = 0; n < round && (eventLimit <= 0 || events < eventLimit); ) {
                    int slot = (int) (events % PREPARED);
                    long at = (long) slot * SLOT;
                    records.set(JAVA_LONG_UNALIGNED, at + MONO_NS, mono + STEP_NANOS);
                    if (!ring.produce(records, at, lengths[slot])) {
                        ring.drain(delivery);
                        continue;
                    }
                    mono += STEP_NANOS;
                    n++;
                    events++;
                }
                // a record still being written, as the kernel's producers leave one now and then:
                // the reader stops at it and takes it up at its next drain
                int slot = (int) (events % PREPARED);
                if ((eventLimit <= 0 || events < eventLimit) && ring.produceBusy(records, (long) slot * SLOT, lengths[slot])) {
                    ring.drain(delivery);
                    ring.commitBusy();
                    events++;
                }
                ring.drain(delivery);
                sink.flush();
                published = stats.snapshot();
                if (eventLimit > 0) {
                    if (events >= eventLimit) {
                        return;
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (now - started >= MAX_NANOS) {
                    return;
                }
                if (events >= Tool.REHEARSAL_EVENTS) {
                    // the path's methods are all queued for compilation by now: a trickle of events
                    // keeps the JIT's later steps coming (recompilations) and leaves it the cores
                    round = TRICKLE_ROUND;
                    LockSupport.parkNanos(TRICKLE_NANOS);
                }
                if (jit.quietAt(now) && events >= Tool.REHEARSAL_EVENTS) {
                    return;
                }
            }
        }
    }

    /** Whether the JIT has stopped working: its compiler threads used no CPU for a while ({@link CompilerActivity}). */
    private static final class JitWatch {
        private final boolean measured = CompilerActivity.available();
        private long lastCheck;
        private long lastCpu = measured ? CompilerActivity.cpuNanos() : 0;
        private int quietChecks;

        JitWatch(long now) {
            lastCheck = now;
        }

        /** Asked after every round; looks at the compiler threads every {@link #CHECK_NANOS}. */
        boolean quietAt(long now) {
            if (now - lastCheck < CHECK_NANOS) {
                return false;
            }
            lastCheck = now;
            long cpu = measured ? CompilerActivity.cpuNanos() : 0;
            quietChecks = cpu - lastCpu < JIT_IDLE_NANOS ? quietChecks + 1 : 0;
            lastCpu = cpu;
            // without /proc to read: a fixed time for the JIT to catch up
            return quietChecks >= (measured ? QUIET_CHECKS : FALLBACK_CHECKS);
        }
    }

    @Override
    public SourceStats stats() {
        return published;
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    // ---- records as nodescope.bpf.c writes them ---------------------------------------------

    /** Writes record {@code i} of {@code tp} at {@code at}; returns its length. */
    private int write(MemorySegment s, long at, Tracepoint tp, int i, SplittableRandom random) {
        s.asSlice(at, SLOT).fill((byte) 0);
        s.set(JAVA_SHORT_UNALIGNED, at + TYPE, (short) tp.id());
        s.set(JAVA_INT_UNALIGNED, at + PID, 4242);
        s.set(JAVA_INT_UNALIGNED, at + TID, 4243 + i % 3);
        string(s, at + THREAD, THREAD_LEN, i % 3 == 0 ? "b-msghand" : i % 3 == 1 ? "b-net" : "b-scheduler");
        String address = ADDRESSES[i % ADDRESSES.length];
        String connectionType = CONNECTION_TYPES[i % CONNECTION_TYPES.length];
        long peer = i % 11;
        return switch (tp) {
            case NET_INBOUND_MESSAGE, NET_OUTBOUND_MESSAGE -> message(s, at, i, peer, address, connectionType, random);
            case NET_INBOUND_CONNECTION, NET_OUTBOUND_CONNECTION, NET_EVICTED_INBOUND_CONNECTION, NET_CLOSED_CONNECTION -> {
                s.set(JAVA_LONG_UNALIGNED, at + CONN_PEER_ID, peer);
                s.set(JAVA_LONG_UNALIGNED, at + CONN_VALUE, 8 + i % 117);
                s.set(JAVA_INT_UNALIGNED, at + CONN_NETWORK, 1);
                string(s, at + CONN_CONN_TYPE, CONN_TYPE_LEN, connectionType);
                string(s, at + CONN_ADDR, ADDR_LEN, address);
                yield CONN_SIZE;
            }
            case NET_MISBEHAVING_CONNECTION -> {
                s.set(JAVA_LONG_UNALIGNED, at + MISB_PEER_ID, peer);
                string(s, at + MISB_REASON, REASON_LEN, "header with invalid proof of work");
                yield MISB_SIZE;
            }
            case VALIDATION_BLOCK_CONNECTED -> {
                hash(s, at + BLOCK_HASH, random);
                s.set(JAVA_INT_UNALIGNED, at + BLOCK_HEIGHT, 870_000 + i);
                s.set(JAVA_INT_UNALIGNED, at + BLOCK_INPUTS, 9_000 + random.nextInt(4_000));
                s.set(JAVA_LONG_UNALIGNED, at + BLOCK_TRANSACTIONS, 3_000 + random.nextInt(1_500));
                s.set(JAVA_LONG_UNALIGNED, at + BLOCK_SIGOPS, 20_000 + random.nextInt(5_000));
                s.set(JAVA_LONG_UNALIGNED, at + BLOCK_DURATION, 40_000_000L + random.nextInt(200_000_000));
                yield BLOCK_SIZE;
            }
            case UTXOCACHE_FLUSH -> {
                s.set(JAVA_LONG_UNALIGNED, at + FLUSH_DURATION, 1_000_000L + random.nextInt(9_000_000));
                s.set(JAVA_INT_UNALIGNED, at + FLUSH_MODE, i % 4);
                s.set(JAVA_LONG_UNALIGNED, at + FLUSH_COINS, 100_000 + random.nextInt(900_000));
                s.set(JAVA_LONG_UNALIGNED, at + FLUSH_MEMORY, 300_000_000L + random.nextInt(100_000_000));
                yield FLUSH_SIZE;
            }
            case UTXOCACHE_ADD, UTXOCACHE_SPENT, UTXOCACHE_UNCACHE -> {
                hash(s, at + UTXO_TXID, random);
                s.set(JAVA_INT_UNALIGNED, at + UTXO_VOUT, random.nextInt(4));
                s.set(JAVA_INT_UNALIGNED, at + UTXO_HEIGHT, 870_000 - random.nextInt(100_000));
                s.set(JAVA_LONG_UNALIGNED, at + UTXO_VALUE, 546 + random.nextLong(100_000_000L));
                s.set(JAVA_INT_UNALIGNED, at + UTXO_COINBASE, i % 97 == 0 ? 1 : 0);
                yield UTXO_SIZE;
            }
            case COIN_SELECTION_SELECTED_COINS -> {
                s.set(JAVA_LONG_UNALIGNED, at + SEL_TARGET, 100_000 + random.nextInt(1_000_000));
                s.set(JAVA_LONG_UNALIGNED, at + SEL_WASTE, random.nextInt(5_000));
                s.set(JAVA_LONG_UNALIGNED, at + SEL_VALUE, 200_000 + random.nextInt(1_000_000));
                string(s, at + SEL_ALGO, ALGO_LEN, i % 2 == 0 ? "bnb" : "knapsack");
                string(s, at + SEL_WALLET, WALLET_LEN, "default");
                yield SEL_SIZE;
            }
            case COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL, COIN_SELECTION_APS_CREATE_TX_INTERNAL -> {
                s.set(JAVA_LONG_UNALIGNED, at + CTX_FEE, 141 + random.nextInt(5_000));
                s.set(JAVA_INT_UNALIGNED, at + CTX_CHANGE_POS, i % 2);
                s.set(JAVA_BYTE, at + CTX_SUCCESS, (byte) 1);
                s.set(JAVA_BYTE, at + CTX_USE_APS, (byte) (i % 2));
                string(s, at + CTX_WALLET, WALLET_LEN, "default");
                yield CTX_SIZE;
            }
            case COIN_SELECTION_ATTEMPTING_APS_CREATE_TX -> {
                string(s, at + WALLET_WALLET, WALLET_LEN, "default");
                yield WALLET_SIZE;
            }
            case MEMPOOL_ADDED -> {
                hash(s, at + ADDED_TXID, random);
                s.set(JAVA_INT_UNALIGNED, at + ADDED_VSIZE, 110 + random.nextInt(1_000));
                s.set(JAVA_LONG_UNALIGNED, at + ADDED_FEE, 200 + random.nextInt(20_000));
                yield ADDED_SIZE;
            }
            case MEMPOOL_REMOVED -> {
                hash(s, at + REMOVED_TXID, random);
                s.set(JAVA_INT_UNALIGNED, at + REMOVED_VSIZE, 110 + random.nextInt(1_000));
                s.set(JAVA_LONG_UNALIGNED, at + REMOVED_FEE, 200 + random.nextInt(20_000));
                s.set(JAVA_LONG_UNALIGNED, at + REMOVED_ENTRY_TIME, 1_764_000_000L + i);
                string(s, at + REMOVED_REASON, REMOVAL_REASON_LEN, i % 2 == 0 ? "block" : "replaced");
                yield REMOVED_SIZE;
            }
            case MEMPOOL_REPLACED -> {
                hash(s, at + REPL_REPLACED_TXID, random);
                hash(s, at + REPL_REPLACEMENT_ID, random);
                s.set(JAVA_INT_UNALIGNED, at + REPL_REPLACED_VSIZE, 141);
                s.set(JAVA_INT_UNALIGNED, at + REPL_REPLACEMENT_VSIZE, 141);
                s.set(JAVA_LONG_UNALIGNED, at + REPL_REPLACED_FEE, 1_410);
                s.set(JAVA_LONG_UNALIGNED, at + REPL_REPLACED_ENTRY_TIME, 1_764_000_000L + i);
                s.set(JAVA_LONG_UNALIGNED, at + REPL_REPLACEMENT_FEE, 2_820);
                yield REPL_SIZE;
            }
            case MEMPOOL_REJECTED -> {
                hash(s, at + REJ_TXID, random);
                string(s, at + REJ_REASON, REASON_LEN, "min relay fee not met");
                yield REJ_SIZE;
            }
            // a tracepoint declared since these were written: its fixed part, zeros but the header
            default -> RecordLayout.minimumSize(tp.id());
        };
    }

    /** A message of one of a few common types; with payloads copied, a small real payload of its type. */
    private int message(MemorySegment s, long at, int i, long peer, String address, String connectionType, SplittableRandom random) {
        String type = MESSAGE_TYPES[i % MESSAGE_TYPES.length];
        byte[] payload = switch (type) {
            case "inv", "getdata" -> {
                byte[] p = new byte[37];
                p[0] = 1; // one entry: MSG_WITNESS_TX (0x40000001) and a txid
                p[1] = 1;
                p[4] = 0x40;
                for (int k = 5; k < 37; k++) {
                    p[k] = (byte) random.nextInt(256);
                }
                yield p;
            }
            case "ping", "pong", "feefilter" -> {
                byte[] p = new byte[8];
                for (int k = 0; k < 8; k++) {
                    p[k] = (byte) random.nextInt(256);
                }
                yield p;
            }
            case "sendcmpct" -> new byte[] {0, 2, 0, 0, 0, 0, 0, 0, 0};
            default -> new byte[0];
        };
        int captured = payloadMax > 0 ? Math.min(payload.length, payloadMax) : 0;
        if (payloadMax > 0 && captured < payload.length) {
            s.set(JAVA_SHORT_UNALIGNED, at + FLAGS, (short) F_PAYLOAD_TRUNCATED);
        }
        s.set(JAVA_LONG_UNALIGNED, at + MSG_PEER_ID, peer);
        s.set(JAVA_LONG_UNALIGNED, at + MSG_SIZE, payload.length);
        s.set(JAVA_INT_UNALIGNED, at + MSG_CAPTURED, captured);
        string(s, at + MSG_CONN_TYPE, CONN_TYPE_LEN, connectionType);
        string(s, at + MSG_MSG_TYPE, MSG_TYPE_LEN, type);
        string(s, at + MSG_ADDR, ADDR_LEN, address);
        MemorySegment.copy(payload, 0, s, JAVA_BYTE, at + MSG_PAYLOAD, captured);
        // the BPF side reserves a size class: none, or 64 payload bytes for these small payloads
        return MSG_PAYLOAD + (captured == 0 ? 0 : 64);
    }

    private static void hash(MemorySegment s, long at, SplittableRandom random) {
        for (int k = 0; k < 32; k++) {
            s.set(JAVA_BYTE, at + k, (byte) random.nextInt(256));
        }
    }

    /** A NUL-terminated string in a field of {@code capacity} bytes, cut to fit. */
    private static void string(MemorySegment s, long at, int capacity, String value) {
        s.asSlice(at, capacity).fill((byte) 0);
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, at, Math.min(b.length, capacity - 1));
    }
}
