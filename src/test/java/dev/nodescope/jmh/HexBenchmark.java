package dev.nodescope.jmh;

import dev.nodescope.hex.Hex;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/**
 * Hex text of hashes and payloads: nodescope's own table-driven loop ({@link Hex}) against the
 * JDK's {@link HexFormat}, which issue 12 asked to use where it is fast enough. {@code bytes}: 32
 * (a hash) or 300 (a small payload). Run: {@code bench/jmh.sh HexBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HexBenchmark {
    private static final HexFormat HEX = HexFormat.of();

    @Param({"32", "300"})
    int bytes;

    private byte[] data;
    private String text;

    @Setup
    public void setUp() {
        data = new byte[bytes];
        new Random(1).nextBytes(data);
        text = HEX.formatHex(data);
    }

    @Benchmark
    public String encodeOwn() {
        return Hex.encode(data);
    }

    @Benchmark
    public String encodeHexFormat() {
        return HEX.formatHex(data);
    }

    /** A hash in RPC order: the bytes reversed. */
    @Benchmark
    public String reversedOwn() {
        return Hex.encodeReversed(data);
    }

    @Benchmark
    public String reversedHexFormat() {
        byte[] r = new byte[data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = data[data.length - 1 - i];
        }
        return HEX.formatHex(r);
    }

    @Benchmark
    public byte[] decodeOwn() {
        return Hex.decode(text);
    }

    @Benchmark
    public byte[] decodeHexFormat() {
        return HEX.parseHex(text);
    }
}
