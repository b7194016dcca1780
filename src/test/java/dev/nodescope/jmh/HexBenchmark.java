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
 * Hex text of hashes and payloads: {@link Hex} (the JDK's {@link HexFormat} since issue 12)
 * against the table-driven loop nodescope had before ({@code *Table}, kept here as the baseline).
 * {@code bytes}: 32 (a hash) or 300 (a small payload). Run: {@code bench/jmh.sh HexBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HexBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

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
    public String encodeHex() {
        return Hex.encode(data);
    }

    @Benchmark
    public String encodeTable() {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = DIGITS[(data[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[data[i] & 0xf];
        }
        return new String(out);
    }

    /** A hash in RPC order: the bytes reversed. */
    @Benchmark
    public String reversedHex() {
        return Hex.encodeReversed(data);
    }

    @Benchmark
    public String reversedTable() {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            byte b = data[data.length - 1 - i];
            out[2 * i] = DIGITS[(b >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    /** Hex.decode (by hand, for its error messages) against HexFormat's. */
    @Benchmark
    public byte[] decodeHex() {
        return Hex.decode(text);
    }

    @Benchmark
    public byte[] decodeHexFormat() {
        return HEX.parseHex(text);
    }
}
