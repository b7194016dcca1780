package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `nodescope decode`: one payload as JSON, a one-line error for what does not decode. */
class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first real `tx` payload the regtest node sent. */
    static String firstTxHex() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                DecodeCommandTest.class.getResourceAsStream("/demo/regtest-p2p-messages.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode m = JSON.readTree(line);
                if (m.get("msg_type").asText().equals("tx")) {
                    return m.get("payload_hex").asText();
                }
            }
        }
        throw new AssertionError("no tx in the regtest data");
    }

    @Test
    void realTransactionFromHexArgument() throws Exception {
        Cli.Result r = Cli.run("decode", "tx", firstTxHex());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode decoded = JSON.readTree(r.stdout()).get("decoded");
        assertThat(decoded.get("type").asText()).isEqualTo("tx");
        assertThat(decoded.get("txid").asText()).isEqualTo("aeb98ebcb688fc0a63aaf3cba24d98800d6acf3d0f87f1dff9b5ad671c191677");
        assertThat(decoded.get("wtxid").asText()).isEqualTo("d6854fe50ac84720b5e18e6a52b63ab3b492660f20c257196b303c6d769c5e27");
        assertThat(decoded.get("vsize").asLong()).isEqualTo(140);
    }

    @Test
    void fromStandardInput() throws Exception {
        Process p = Cli.start("decode", "ping", "-");
        p.getOutputStream().write("0102030405060708\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        Cli.Result r = Cli.finish(p, 30);
        assertThat(r.exitCode()).isZero();
        assertThat(JSON.readTree(r.stdout()).at("/decoded/nonce").asLong()).isEqualTo(0x0807060504030201L);
    }

    @Test
    void malformedPayloadGivesPartialJsonAndOneLineError() throws Exception {
        String cut = firstTxHex().substring(0, 100);
        Cli.Result r = Cli.run("decode", "tx", cut);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(r.stdout()).get("decode_error").get("offset").asLong()).isBetween(0L, 50L);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).startsWith("nodescope: tx payload does not decode: ");
    }

    @Test
    void notHex() throws Exception {
        Cli.Result r = Cli.run("decode", "tx", "zz");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly(
                "nodescope: the payload is not hex (not a hex digit at position 0): give the message's payload as hex digits");
    }

    @Test
    void unknownMessageTypeIsAMistake() throws Exception {
        Cli.Result r = Cli.run("decode", "nosuchmsg", "00");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderrLines()).containsExactly("nodescope: 'nosuchmsg' is not a P2P message type nodescope decodes"
                + " (e.g. tx, block, version, addrv2, ping; the list is in docs/p2p-decoding.md)");
    }

    /** Without HEX it says what is missing at once; before, it waited for a payload on the terminal. */
    @Test
    void missingHexDoesNotWaitOnStandardInput() throws Exception {
        Process p = Cli.start("decode", "ping"); // standard input left open, as a terminal would be
        Cli.Result r = Cli.finish(p, 20);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderrLines()).containsExactly("nodescope: give the ping payload as hex digits, or - to read them from"
                + " standard input (e.g. nodescope decode ping 0102030405060708)");
    }
}
