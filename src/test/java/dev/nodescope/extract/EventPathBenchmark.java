package dev.nodescope.extract;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.nodescope.event.EventJson;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The user-space cost per event of {@code nodescope log --format json} (issue 2): decoding one
 * ring-buffer record into an event ({@link RecordDecoder}) and writing it as a JSON line
 * ({@link EventJson}) to an output stream that only counts the bytes. One operation = one event,
 * on one thread. Not included: the ring buffer's own bookkeeping, the poll loop, and stdout.
 *
 * <p>The records are laid out as nodescope.bpf.c writes them (offsets from {@link RecordLayout},
 * values as the fixture's load mode fires them):
 * <ul>
 *   <li>{@code inbound_message}: {@code net:inbound_message}, ping, size 8, nothing captured
 *       (360-byte record): what {@code log --format json} gets in bench/extractor-overhead.sh;</li>
 *   <li>{@code inbound_message_hex}: the same with its 8 payload bytes captured (the 64-byte
 *       payload size class, 424-byte record), written as {@code payload_hex}
 *       ({@code log --payload hex});</li>
 *   <li>{@code inbound_message_decode}: the same record, its payload decoded (a ping) and
 *       written as {@code decoded} ({@code log --decode});</li>
 *   <li>{@code mempool_added}: {@code mempool:added} (88-byte record);</li>
 *   <li>{@code utxocache_add}: {@code utxocache:add} (96-byte record): the event a reindex fires
 *       millions of times (issue 18).</li>
 * </ul>
 * Each event's timestamp advances by 3.3 µs (300k events/s), so the cached second of the time
 * formatter changes as often as it would at that rate.
 *
 * <p>Run: {@code bench/jmh.sh EventPathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the JVM options scripts/jvm-options.sh gives `nodescope log` (serial GC, C2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventPathBenchmark {
    /** Where the record sits in the segment: after an 8-byte ring record header, as in the ring. */
    private static final long AT = 8;
    private static final long STEP_NS = 3_333;

    @Param({"inbound_message", "inbound_message_hex", "inbound_message_decode", "mempool_added", "utxocache_add"})
    public String record;

    private MemorySegment ring;
    private int length;
    private RecordDecoder decoder;
    private EventJson json;
    private CountingOutputStream out;
    private TracepointEvent prebuilt;
    private long mono;

    @Setup(Level.Trial)
    public void setUp() {
        ring = Arena.ofAuto().allocate(4096, 8);
        mono = 1_000_000_000_000L;
        boolean payloadHex = false;
        boolean decode = false;
        switch (record) {
            case "inbound_message" -> length = message(0);
            case "inbound_message_hex" -> {
                length = message(8);
                payloadHex = true;
            }
            case "inbound_message_decode" -> {
                length = message(8);
                decode = true;
            }
            case "mempool_added" -> length = mempoolAdded();
            case "utxocache_add" -> length = utxocacheAdd();
            default -> throw new IllegalArgumentException(record);
        }
        decoder = new RecordDecoder("bench");
        decoder.setEpochOffset(System.currentTimeMillis() * 1_000_000L - mono);
        out = new CountingOutputStream();
        json = new EventJson(out, payloadHex, decode);
        prebuilt = decoder.decode(ring, AT, length, RecordDecoder.tracepointId(ring, AT, length));

        // show the line this benchmark writes (once, in the fork's output)
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (EventJson sample = new EventJson(line, payloadHex, decode)) {
            sample.write(prebuilt);
        }
        System.out.print("[" + record + ", " + length + "-byte record, " + line.size() + "-byte line] "
                + line.toString(StandardCharsets.UTF_8));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        json.flush();
        if (out.bytes > 0) {
            System.out.println("[" + record + "] " + out.bytes + " bytes written");
        }
    }

    /** The next record: only its timestamp changes, as the next hit of the same call site. */
    private int nextRecord() {
        mono += STEP_NS;
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.MONO_NS, mono);
        return length;
    }

    @Benchmark
    public TracepointEvent decode() {
        int len = nextRecord();
        int id = RecordDecoder.tracepointId(ring, AT, len);
        return decoder.decode(ring, AT, len, id);
    }

    @Benchmark
    public TracepointEvent decodeJson() {
        int len = nextRecord();
        int id = RecordDecoder.tracepointId(ring, AT, len);
        TracepointEvent e = decoder.decode(ring, AT, len, id);
        json.write(e);
        return e;
    }

    /** Baseline: writing an already decoded event as a JSON line. */
    @Benchmark
    public long jsonOnly() {
        json.write(prebuilt);
        return out.bytes;
    }

    // ---- records as the BPF side writes them --------------------------------------------------

    private void header(int tracepoint, int flags) {
        ring.asSlice(AT, 1024).fill((byte) 0);
        ring.set(JAVA_SHORT_UNALIGNED, AT + RecordLayout.TYPE, (short) tracepoint);
        ring.set(JAVA_SHORT_UNALIGNED, AT + RecordLayout.FLAGS, (short) flags);
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.PID, 4242);
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.TID, 4243);
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.MONO_NS, mono);
        string(RecordLayout.THREAD, RecordLayout.THREAD_LEN, "b-load.0");
    }

    /** struct ns_message: ping from the fixture's load mode, {@code captured} of its 8 bytes copied. */
    private int message(int captured) {
        header(Tracepoint.NET_INBOUND_MESSAGE.ordinal(), captured < 8 ? RecordLayout.F_PAYLOAD_TRUNCATED : 0);
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.MSG_PEER_ID, 1L);
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.MSG_SIZE, 8L);
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.MSG_CAPTURED, captured);
        string(RecordLayout.MSG_CONN_TYPE, RecordLayout.CONN_TYPE_LEN, "inbound");
        string(RecordLayout.MSG_MSG_TYPE, RecordLayout.MSG_TYPE_LEN, "ping");
        string(RecordLayout.MSG_ADDR, RecordLayout.ADDR_LEN, "127.0.0.1:18444");
        for (int i = 0; i < captured; i++) {
            ring.set(JAVA_BYTE, AT + RecordLayout.MSG_PAYLOAD + i, (byte) (0x5a + i));
        }
        // the BPF side reserves a size class: none (360 bytes), or 64 payload bytes
        return RecordLayout.MSG_PAYLOAD + (captured == 0 ? 0 : 64);
    }

    /** struct ns_mempool_added, as the fixture's load mode fires it. */
    private int mempoolAdded() {
        header(Tracepoint.MEMPOOL_ADDED.ordinal(), 0);
        for (int i = 0; i < 32; i++) {
            ring.set(JAVA_BYTE, AT + RecordLayout.ADDED_TXID + i, (byte) (0xa0 + i));
        }
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.ADDED_VSIZE, 141);
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.ADDED_FEE, 3120L);
        return RecordLayout.ADDED_SIZE;
    }

    /** struct ns_utxo, utxocache:add as the fixture's load mode fires it. */
    private int utxocacheAdd() {
        header(Tracepoint.UTXOCACHE_ADD.ordinal(), 0);
        for (int i = 0; i < 32; i++) {
            ring.set(JAVA_BYTE, AT + RecordLayout.UTXO_TXID + i, (byte) (0xa0 + i));
        }
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.UTXO_VOUT, 1);
        ring.set(JAVA_INT_UNALIGNED, AT + RecordLayout.UTXO_HEIGHT, 840_000);
        ring.set(JAVA_LONG_UNALIGNED, AT + RecordLayout.UTXO_VALUE, 546_000L);
        return RecordLayout.UTXO_SIZE;
    }

    /** A NUL-terminated string in a char[capacity] field. */
    private void string(int field, int capacity, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= capacity) {
            throw new IllegalArgumentException(s);
        }
        MemorySegment.copy(b, 0, ring, JAVA_BYTE, AT + field, b.length);
        ring.set(JAVA_BYTE, AT + field + b.length, (byte) 0);
    }

    /** Discards what is written, counting the bytes (like {@code | wc -c}). */
    static final class CountingOutputStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
