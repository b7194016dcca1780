package dev.nodescope.jmh;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.nodescope.codec.BlockDecoder;
import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.hex.Hex;
import dev.nodescope.stream.EventSink;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The archive codec's cost per event (issue 18): what {@code record}'s stream thread spends
 * encoding an event into the current block ({@link BlockEncoder#add}), what its writer thread
 * spends compressing a sealed 1 MiB block (zstd at {@code zstdLevel}, as ArchiveFileWriter does
 * full blocks at level 1; the deflate at BEST_SPEED that archives of format version 1 used, beside it), and
 * what a reader spends decoding one ({@link BlockDecoder}). {@code events}:
 * <ul>
 *   <li>{@code utxocache_add}: coins added during a reindex: random txids (each with two
 *       outputs), heights rising, random values, one thread;</li>
 *   <li>{@code p2p_message}: metadata-only net:inbound_message events of 125 peers and the
 *       common message types (the archive-size figure of docs/archives.md).</li>
 * </ul>
 * {@code compressBlock} and {@code decodeBlock} are per block: divide by the events per block
 * that the set-up prints. Run: {@code bench/jmh.sh CodecBenchmark}; the level chosen for archives:
 * {@code bench/jmh.sh 'CodecBenchmark.compressBlock' -p zstdLevel=1,3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// the JVM options scripts/jvm-options.sh gives `nodescope record` (serial GC, C2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {
    private static final int BLOCK_BYTES = 1 << 20;
    /** More distinct events than a block holds, so that no compressor finds a block repeating itself. */
    private static final int DISTINCT = 65536;
    private static final String[] MSG_TYPES = {"inv", "getdata", "tx", "ping", "pong", "addrv2", "headers", "sendcmpct", "feefilter",
        "wtxidrelay"};

    @Param({"utxocache_add", "p2p_message"})
    public String events;

    /** zstd's compression level (only compressBlockZstd and the set-up's sizes use it). */
    @Param({"1"})
    public int zstdLevel;

    private Event[] stream;
    private int next;
    private BlockEncoder encoder;
    private byte[] block;
    private int blockSize;
    private byte[] compressed;
    private byte[] zstdOut;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final BlockDecoder decoder = new BlockDecoder();
    private final CountingSink sink = new CountingSink();

    @Setup
    public void setUp() throws Exception {
        Random random = new Random(18);
        stream = new Event[DISTINCT];
        long mono = 1_000_000_000_000L;
        long wallOffset = 1_764_000_000_000_000_000L;
        String txid = "";
        for (int i = 0; i < DISTINCT; i++) {
            mono += 1_000 + random.nextInt(2_000);
            if (events.equals("utxocache_add")) {
                if (i % 2 == 0) {
                    byte[] hash = new byte[32];
                    random.nextBytes(hash);
                    txid = Hex.encode(hash);
                }
                EventMeta meta = new EventMeta("node", 4242, 4243, "b-loadblk", mono, mono + wallOffset, i);
                stream[i] = new UtxoCacheAdd(meta, txid, i % 2, 800_000 + i / 64, 546 + random.nextInt(100_000_000), false);
            } else {
                int peer = random.nextInt(125);
                EventMeta meta = new EventMeta("node", 4242, 4244, "b-msghand", mono, mono + wallOffset, i);
                stream[i] = new InboundMessage(meta, peer, "203.0.113." + peer + ":8333", peer < 10 ? "outbound-full-relay" : "inbound",
                        MSG_TYPES[random.nextInt(MSG_TYPES.length)], 30 + random.nextInt(400), 0, false, null);
            }
        }
        // one full block, as the recorder seals it
        BlockEncoder full = new BlockEncoder(BLOCK_BYTES + (BLOCK_BYTES >> 2));
        for (int i = 0; full.rawSize() < BLOCK_BYTES; i++) {
            full.add(stream[i % DISTINCT]);
        }
        block = java.util.Arrays.copyOf(full.rawBytes(), full.rawSize());
        blockSize = full.rawSize();
        compressed = new byte[blockSize + blockSize / 1000 + 64];
        int stored = compressBlock();
        zstdOut = new byte[(int) Zstd.compressBound(blockSize)];
        zstd.setLevel(zstdLevel);
        int zstdStored = compressBlockZstd();
        System.out.printf("%n[%s] %d events per %d-byte block: %.1f raw bytes/event, %.2f deflated bytes/event, %.2f zstd-%d bytes/event%n",
                events, full.events(), blockSize, (double) blockSize / full.events(), (double) stored / full.events(),
                (double) zstdStored / full.events(), zstdLevel);
        encoder = new BlockEncoder(BLOCK_BYTES + (BLOCK_BYTES >> 2));
    }

    /** One event into the current block; a new block once it holds 1 MiB (as the recorder seals). */
    @Benchmark
    public int encodeEvent() {
        encoder.add(stream[next]);
        next = (next + 1) & (DISTINCT - 1);
        if (encoder.rawSize() >= BLOCK_BYTES) {
            encoder.reset();
        }
        return encoder.rawSize();
    }

    /** A sealed block deflated as ArchiveFileWriter did it for format version 1; returns the compressed size. */
    @Benchmark
    public int compressBlock() {
        deflater.reset();
        deflater.setInput(block, 0, blockSize);
        deflater.finish();
        int stored = 0;
        while (!deflater.finished() && stored < compressed.length) {
            stored += deflater.deflate(compressed, stored, compressed.length - stored);
        }
        return stored;
    }

    /** The same block compressed by zstd at {@code zstdLevel}, as ArchiveFileWriter does it; returns the compressed size. */
    @Benchmark
    public int compressBlockZstd() {
        return zstd.compressByteArray(zstdOut, 0, zstdOut.length, block, 0, blockSize);
    }

    /** A block decoded back into events, every event wanted. */
    @Benchmark
    public void decodeBlock(Blackhole bh) throws Exception {
        decoder.decode(block, blockSize, sink, Long.MIN_VALUE, Long.MAX_VALUE, null);
        bh.consume(sink.events);
    }

    private static final class CountingSink implements EventSink {
        long events;

        @Override
        public boolean wants(Tracepoint tracepoint) {
            return true;
        }

        @Override
        public void accept(Event event) {
            events++;
        }

        @Override
        public void flush() {
        }
    }
}
