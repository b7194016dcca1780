package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.p2p.P2pMessage.Block;
import dev.nodescope.p2p.P2pMessage.GetData;
import dev.nodescope.p2p.P2pMessage.GetHeaders;
import dev.nodescope.p2p.P2pMessage.Headers;
import dev.nodescope.p2p.P2pMessage.Inv;
import dev.nodescope.p2p.RegtestMessages.Message;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cut captures, random and hostile bytes: the decoder answers with an offset and a reason, never throws. */
class MalformedInputTest {
    static final List<String> TYPES = List.of("version", "verack", "addr", "addrv2", "sendaddrv2", "inv", "getdata", "notfound",
            "getblocks", "getheaders", "headers", "block", "tx", "cmpctblock", "getblocktxn", "blocktxn", "sendcmpct", "feefilter",
            "ping", "pong", "getaddr", "mempool", "sendheaders", "wtxidrelay", "merkleblock", "filterload", "filteradd", "filterclear",
            "getcfilters", "cfilter", "getcfheaders", "cfheaders", "getcfcheckpt", "cfcheckpt", "sendtxrcncl", "reject");
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void everyRegtestPayloadCutAnywhereSaysWhereTheCaptureEnds() {
        for (Message m : RegtestMessages.all()) {
            P2pMessage whole = m.decode().message();
            int len = m.payload().length;
            // every cut of the small ones; about a hundred of the large ones, including the last bytes
            int step = Math.max(1, len / 100);
            for (int cut = 0; cut < len; cut += cut >= len - 3 ? 1 : step) {
                DecodeResult r = decodeChecked(m.msgType(), Arrays.copyOf(m.payload(), cut), len);
                assertThat(r.truncated()).isTrue();
                assertThat(r.error()).as("#%d %s cut at %d", m.index(), m.msgType(), cut).isNotNull();
                assertThat(r.error().offset()).isBetween(0L, (long) cut);
                assertThat(r.error().reason()).isEqualTo("capture ends: " + cut + " of " + len + " bytes captured");
                assertPrefixOf(r.message(), whole);
            }
        }
    }

    @Test
    void aShortPayloadThatIsNotACutCaptureIsAnEndOfData() {
        Message tx = RegtestMessages.ofType("tx").getFirst();
        DecodeResult r = decodeChecked("tx", Arrays.copyOf(tx.payload(), 100), 100);
        assertThat(r.truncated()).isFalse();
        assertThat(r.error().reason()).startsWith("end of data: needs ");
    }

    /** The partial message holds only what the whole one holds, in order. */
    private static void assertPrefixOf(P2pMessage partial, P2pMessage whole) {
        switch (partial) {
            case null -> {
            }
            case Headers h -> assertStartsWith(((Headers) whole).headers(), h.headers());
            case Inv i -> assertStartsWith(((Inv) whole).items(), i.items());
            case GetData g -> assertStartsWith(((GetData) whole).items(), g.items());
            case GetHeaders g -> assertStartsWith(((GetHeaders) whole).locator(), g.locator());
            case Block b -> {
                assertThat(b.header()).isEqualTo(((Block) whole).header());
                assertStartsWith(((Block) whole).transactions(), b.transactions());
            }
            default -> assertThat(partial.type()).isEqualTo(whole.type());
        }
    }

    private static <T> void assertStartsWith(List<T> whole, List<T> part) {
        assertThat(part.size()).isLessThanOrEqualTo(whole.size());
        assertThat(part).isEqualTo(whole.subList(0, part.size()));
    }

    @Test
    void randomBytesAsEveryType() {
        Random random = new Random(20_260_101);
        for (String type : TYPES) {
            for (int i = 0; i < 2_000; i++) {
                byte[] b = new byte[random.nextInt(i < 1_000 ? 16 : 400)];
                random.nextBytes(b);
                decodeChecked(type, b, random.nextInt(3) == 0 ? b.length + random.nextInt(1000) : b.length);
            }
        }
    }

    @Test
    void mutatedRegtestPayloads() {
        Random random = new Random(7);
        for (Message m : RegtestMessages.all()) {
            for (int i = 0; i < 300; i++) {
                byte[] b = m.payload().clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && b.length > 0; e++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                decodeChecked(m.msgType(), b, b.length);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // count above Core's MAX_SIZE, in each width
            "inv | fe01000002 | 0 | ReadCompactSize(): size too large",
            "inv | ffffffffffffffffff | 0 | ReadCompactSize(): size too large",
            "headers | fe00000010 | 0 | ReadCompactSize(): size too large",
            // a value that fits a shorter encoding
            "inv | fdfc00 | 0 | non-canonical ReadCompactSize()",
            "inv | feffff0000 | 0 | non-canonical ReadCompactSize()",
            "inv | ffffffffff00000000 | 0 | non-canonical ReadCompactSize()",
            "tx | 02000000fd0100 | 4 | non-canonical ReadCompactSize()",
            // the largest count Core allows, with no items behind it: the items run out, nothing is allocated for them
            "inv | fe00000002 | 5 | end of data: needs 4 bytes, 0 left",
            "tx | 02000000fe00000002 | 9 | end of data: needs 36 bytes, 0 left",
            "addrv2 | fe0000000200000000 | 9 | end of data: needs 1 bytes, 0 left",
            "block | 00 | 0 | end of data: needs 80 bytes, 1 left",
    })
    void hostileCounts(String type, String hex, long offset, String reason) {
        DecodeResult r = decodeChecked(type, java.util.HexFormat.of().parseHex(hex), hex.length() / 2);
        assertThat(r.error()).isEqualTo(new DecodeError(offset, reason));
    }

    @Test
    void aHugeScriptLengthInsideATransactionIsCheckedAgainstTheBytesLeft() {
        byte[] tx = Payload.of().u32(2).compactSize(1).repeat(0, 36).compactSize(0x02000000).repeat(0, 100).bytes();
        assertThat(decodeChecked("tx", tx, tx.length).error()).isEqualTo(new DecodeError(46, "end of data: needs 33554432 bytes, 100 left"));
    }

    @Test
    void oddArguments() {
        for (String type : TYPES) {
            decodeChecked(type, null, 0);
            decodeChecked(type, new byte[0], -1);
            decodeChecked(type, new byte[0], Long.MAX_VALUE);
            decodeChecked(type, new byte[] {1, 2, 3}, 1);
        }
        assertThat(decodeChecked(null, null, -5).message()).isEqualTo(new P2pMessage.Unknown("", 0));
        assertThat(decodeChecked("ping", null, 8).error()).isEqualTo(new DecodeError(0, "capture ends: 0 of 8 bytes captured"));
    }

    /** Decodes, and checks what every result must be: no exception, no bug, and writable as JSON. */
    private static DecodeResult decodeChecked(String type, byte[] payload, long wireSize) {
        DecodeResult r = P2pDecoder.decode(type, payload, wireSize);
        assertThat(r).isNotNull();
        if (r.error() != null) {
            assertThat(r.error().reason()).doesNotStartWith("decoder bug");
            assertThat(r.error().offset()).isBetween(0L, payload == null ? 0L : (long) payload.length);
        }
        if (r.message() != null) {
            assertThat(r.message().type()).isEqualTo(type == null ? "" : type);
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            P2pJson.writeFields(g, r);
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return r;
    }
}
