package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The {@code decoded} and {@code decode_error} objects, exactly. */
class P2pJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String json(String msgType) {
        return P2pJson.toJson(RegtestMessages.ofType(msgType).getFirst().decode().message());
    }

    @Test
    void tx() throws Exception {
        assertThat(json("tx")).isEqualTo("{\"type\":\"tx\","
                + "\"txid\":\"aeb98ebcb688fc0a63aaf3cba24d98800d6acf3d0f87f1dff9b5ad671c191677\","
                + "\"wtxid\":\"d6854fe50ac84720b5e18e6a52b63ab3b492660f20c257196b303c6d769c5e27\","
                + "\"version\":2,\"locktime\":208,\"size\":221,\"vsize\":140,\"weight\":560,\"segwit\":true,"
                + "\"input_count\":1,\"output_count\":2,"
                + "\"outputs\":[{\"value\":11200000,\"script_pubkey_size\":22},{\"value\":4988798590,\"script_pubkey_size\":22}]}");
    }

    @Test
    void versionWithAnUnsignedNonceAboveTwoToThe63() throws Exception {
        JsonNode v = MAPPER.readTree(json("version"));
        assertThat(v.get("type").asText()).isEqualTo("version");
        assertThat(v.get("version").asInt()).isEqualTo(70017);
        assertThat(v.get("services").asLong()).isEqualTo(3081);
        assertThat(v.get("services_names").toString()).isEqualTo("[\"NETWORK\",\"WITNESS\",\"NETWORK_LIMITED\",\"P2P_V2\"]");
        assertThat(v.get("addr_recv").toString()).isEqualTo("{\"services\":0,\"network\":\"ipv6\",\"address\":\"::\",\"port\":0}");
        assertThat(v.get("nonce").bigIntegerValue()).hasToString("9518065955909778900");
        assertThat(v.get("user_agent").asText()).isEqualTo("/Satoshi:31.99.0/");
        assertThat(v.get("start_height").asInt()).isEqualTo(107);
        assertThat(v.get("relay").asBoolean()).isTrue();
    }

    @Test
    void blockHeaderFieldsAsRpcWritesThem() throws Exception {
        JsonNode b = MAPPER.readTree(json("block"));
        assertThat(b.get("hash").asText()).isEqualTo("34cef904efcc829f9ad3607c005294ea12107da43b381abb02821a10c99e1195");
        assertThat(b.get("prev_hash").asText()).isEqualTo("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        assertThat(b.get("bits").asText()).isEqualTo("207fffff");
        assertThat(b.get("tx_count").asInt()).isEqualTo(1);
        assertThat(b.get("transactions").get(0).get("txid").asText()).isEqualTo(b.get("merkle_root").asText());
        assertThat(b.get("transactions").get(0).has("type")).isFalse();
    }

    @Test
    void addressesTheNodeCannotNameKeepTheirBytes() {
        P2pMessage m = Payload.of().compactSize(2)
                .u32(1).compactSize(9).u8(42).compactSize(2).hex("abcd").u16be(1)
                .u32(2).compactSize(9).u8(4).compactSize(32).hex("1d04a1d04a338c6e6ae970bfabee49049d6702250984ca950c01673f4ec034ad").u16be(9050)
                .decode("addrv2").message();
        assertThat(P2pJson.toJson(m)).isEqualTo("{\"type\":\"addrv2\",\"addresses\":["
                + "{\"time\":1,\"services\":9,\"network\":\"unknown\",\"network_id\":42,\"address_hex\":\"abcd\",\"port\":1},"
                + "{\"time\":2,\"services\":9,\"network\":\"onion\","
                + "\"address\":\"duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion\",\"port\":9050}]}");
    }

    @Test
    void inventoryTypesCoreDoesNotDefineKeepTheirNumber() {
        String hash = "00".repeat(31) + "ff";
        P2pMessage m = Payload.of().compactSize(2).u32(0x40000001).hash(hash).u32(7).hash(hash).decode("inv").message();
        assertThat(P2pJson.toJson(m)).isEqualTo("{\"type\":\"inv\",\"items\":["
                + "{\"type\":\"MSG_WITNESS_TX\",\"hash\":\"" + hash + "\"},"
                + "{\"type\":\"unknown\",\"type_id\":7,\"hash\":\"" + hash + "\"}]}");
    }

    @Test
    void emptyAndUnknownMessages() {
        assertThat(json("verack")).isEqualTo("{\"type\":\"verack\"}");
        assertThat(P2pJson.toJson(P2pDecoder.decode("alert", new byte[3], 3).message()))
                .isEqualTo("{\"type\":\"alert\",\"unknown\":true,\"size\":3}");
    }

    @Test
    void aCutCaptureWritesWhatItHoldsAndWhereItStopped() throws Exception {
        byte[] inv = RegtestMessages.ofType("inv").getFirst().payload();
        DecodeResult r = P2pDecoder.decode("inv", Arrays.copyOf(inv, 1 + 36 * 2 + 10), inv.length);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            P2pJson.writeFields(g, r);
            g.writeEndObject();
        }
        JsonNode event = MAPPER.readTree(out.toString());
        assertThat(event.get("decoded").get("items")).hasSize(2);
        // the third item's type was read, its hash was cut
        assertThat(event.get("decode_error").toString()).isEqualTo("{\"offset\":77,\"reason\":\"capture ends: 83 of 541 bytes captured\"}");
    }

    @Test
    void nothingDecodedWritesOnlyTheError() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            P2pJson.writeFields(g, P2pDecoder.decode("ping", new byte[3], 3));
            g.writeEndObject();
        }
        assertThat(out).hasToString("{\"decode_error\":{\"offset\":0,\"reason\":\"end of data: needs 8 bytes, 3 left\"}}");
    }
}
