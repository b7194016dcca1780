package dev.nodescope.p2p;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link P2pDecoder#decode} (issue 3) with Jazzer.
 *
 * <p>Input layout, which the seed files follow:
 * <ul>
 *   <li>byte 0: the message type, an index into {@link #TYPES} (mod its size; the last entries
 *       are types the decoder does not know);</li>
 *   <li>byte 1: the wire size: 0 = the payload's length (a whole capture); 1–254 = that many
 *       bytes more than the payload (a cut capture); 255 = half the payload's length (a wire
 *       size below the bytes captured, which the BPF side never reports, but must not break
 *       anything either);</li>
 *   <li>the rest: the payload.</li>
 * </ul>
 *
 * <p>Seeds: {@code src/test/resources/dev/nodescope/p2p/P2pDecoderFuzzTestInputs/decode/}
 * holds the 99 real payloads of {@code /demo/regtest-p2p-messages.jsonl} in this layout
 * ({@code regtest-NNN-TYPE}, NNN = the line, from 0), all with byte 1 = 0. Crashes found while
 * fuzzing are written there too (as {@code crash-SHA1}) and then run as regression inputs.
 *
 * <p>A plain {@code mvn test} runs the seeds only (Jazzer's regression mode). Fuzzing for
 * {@code maxDuration} needs the environment variable {@code JAZZER_FUZZ=1} and this test alone
 * in the JVM:
 * <pre>JAZZER_FUZZ=1 mvn -o test -Dtest=P2pDecoderFuzzTest</pre>
 */
class P2pDecoderFuzzTest {
    /** Fixed order: the seed files name types by their index here. Append only. */
    static final List<String> TYPES = List.of("version", "verack", "addr", "addrv2", "sendaddrv2", "inv", "getdata",
            "notfound", "getblocks", "getheaders", "headers", "block", "tx", "cmpctblock", "getblocktxn", "blocktxn",
            "sendcmpct", "feefilter", "ping", "pong", "getaddr", "mempool", "sendheaders", "wtxidrelay", "merkleblock",
            "filterload", "filteradd", "filterclear", "getcfilters", "cfilter", "getcfheaders", "cfheaders",
            "getcfcheckpt", "cfcheckpt", "sendtxrcncl", "reject",
            // not decoded: Unknown (case matters, as in Core)
            "VERSION", "", "alert");

    private static final JsonFactory JSON = new JsonFactory();

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        String type = TYPES.get(Byte.toUnsignedInt(input[0]) % TYPES.size());
        int sizeMode = Byte.toUnsignedInt(input[1]);
        byte[] payload = Arrays.copyOfRange(input, 2, input.length);
        long wireSize = switch (sizeMode) {
            case 0 -> payload.length;
            case 255 -> payload.length / 2;
            default -> payload.length + (long) sizeMode;
        };

        DecodeResult r = P2pDecoder.decode(type, payload, wireSize);

        check(r != null, "null result", type, payload, wireSize, r);
        check(r.truncated() == (wireSize > payload.length), "truncated flag", type, payload, wireSize, r);
        DecodeError e = r.error();
        if (e == null) {
            check(r.message() != null, "ok without a message", type, payload, wireSize, r);
            // only a type the decoder does not know is whole however much of it was captured
            check(!r.truncated() || r.message() instanceof P2pMessage.Unknown, "ok although truncated",
                    type, payload, wireSize, r);
        } else {
            check(e.offset() >= 0 && e.offset() <= payload.length, "error offset out of [0, length]",
                    type, payload, wireSize, r);
            check(e.reason() != null && !e.reason().isEmpty(), "empty reason", type, payload, wireSize, r);
            // the decoder turns its own RuntimeExceptions into this reason instead of throwing: a bug all the same
            check(!e.reason().startsWith("decoder bug"), "decoder bug", type, payload, wireSize, r);
        }
        if (r.message() != null) {
            // a partial message too is of the type asked for (an unknown type: Unknown with that name)
            check(r.message().type().equals(type), "message type", type, payload, wireSize, r);
        }

        // what `log --decode` writes for the event: must not throw either
        try (JsonGenerator g = JSON.createGenerator(Writer.nullWriter())) {
            g.writeStartObject();
            P2pJson.writeFields(g, r);
            g.writeEndObject();
        }
        if (r.message() != null) {
            P2pJson.toJson(r.message());
        }
    }

    private static void check(boolean ok, String what, String type, byte[] payload, long wireSize, DecodeResult r) {
        if (!ok) {
            throw new AssertionError(what + ": type=\"" + type + "\" payload=" + payload.length + " bytes wireSize="
                    + wireSize + " -> " + r);
        }
    }
}
