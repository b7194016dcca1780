package dev.nodescope.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pDecoder;
import dev.nodescope.p2p.P2pJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode throughput of {@link P2pDecoder#decode} over the real payloads of
 * {@code /demo/regtest-p2p-messages.jsonl} (issue 3). One operation = one message: each call
 * takes the next message of the group, round robin, so ops/s = messages/s.
 *
 * <p>Groups: {@code small} (ping, pong, inv, getdata, feefilter, sendcmpct, version), {@code tx},
 * {@code block}, {@code headers}, {@code cmpctblock}, and {@code all} (all 99 messages in capture
 * order, the empty ones included). Baselines over the same payloads: {@link #copy} (what the
 * extractor already does per message: a new array and System.arraycopy) and {@link #sha256} (one
 * SHA-256 of the payload). {@link #decodeJson} adds writing the result as JSON
 * ({@code decoded}/{@code decode_error}) to a discarding writer, as {@code log --decode} would.
 *
 * <p>Run: {@code bench/jmh.sh P2pDecodeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the JVM options scripts/jvm-options.sh gives `nodescope log` (serial GC, C2), where decoding runs
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xss1m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class P2pDecodeBenchmark {
    static final Set<String> SMALL = Set.of("ping", "pong", "inv", "getdata", "feefilter", "sendcmpct", "version");
    private static final JsonFactory JSON = new JsonFactory();

    /** A message of the capture. */
    record Msg(String type, long size, byte[] payload) {
    }

    @Param({"small", "tx", "block", "headers", "cmpctblock", "all"})
    public String group;

    private Msg[] messages;
    private int next;
    private MessageDigest sha256;
    private JsonGenerator json;

    @Setup(Level.Trial)
    public void setUp() throws IOException, NoSuchAlgorithmException {
        List<Msg> all = load();
        List<Msg> chosen = switch (group) {
            case "all" -> all;
            case "small" -> all.stream().filter(m -> SMALL.contains(m.type())).toList();
            default -> all.stream().filter(m -> m.type().equals(group)).toList();
        };
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no message in group " + group);
        }
        messages = chosen.toArray(Msg[]::new);
        sha256 = MessageDigest.getInstance("SHA-256");
        json = JSON.createGenerator(Writer.nullWriter());
        // every payload of the capture decodes whole: a benchmark of the error path would be another one
        for (Msg m : messages) {
            DecodeResult r = P2pDecoder.decode(m.type(), m.payload(), m.size());
            if (!r.ok()) {
                throw new IllegalStateException(m.type() + " does not decode: " + r.error());
            }
        }
    }

    private Msg nextMessage() {
        Msg m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    @Benchmark
    public DecodeResult decode() {
        Msg m = nextMessage();
        return P2pDecoder.decode(m.type(), m.payload(), m.size());
    }

    @Benchmark
    public DecodeResult decodeJson() throws IOException {
        Msg m = nextMessage();
        DecodeResult r = P2pDecoder.decode(m.type(), m.payload(), m.size());
        json.writeStartObject();
        P2pJson.writeFields(json, r);
        json.writeEndObject();
        return r;
    }

    /** Baseline: copying the payload into a new array, as RecordDecoder does for every message. */
    @Benchmark
    public byte[] copy() {
        byte[] p = nextMessage().payload();
        byte[] c = new byte[p.length];
        System.arraycopy(p, 0, c, 0, p.length);
        return c;
    }

    /** Baseline: one SHA-256 of the payload (a txid is two of these over the transaction). */
    @Benchmark
    public byte[] sha256() {
        return sha256.digest(nextMessage().payload());
    }

    static List<Msg> load() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Msg> messages = new ArrayList<>();
        var in = P2pDecodeBenchmark.class.getResourceAsStream("/demo/regtest-p2p-messages.jsonl");
        if (in == null) {
            throw new IOException("/demo/regtest-p2p-messages.jsonl is not on the class path");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode m = mapper.readTree(line);
                messages.add(new Msg(m.get("msg_type").asText(), m.get("size").asLong(),
                        HexFormat.of().parseHex(m.get("payload_hex").asText())));
            }
        }
        return messages;
    }
}
