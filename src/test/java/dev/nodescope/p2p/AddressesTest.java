package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nodescope.p2p.NetAddress.Network;
import dev.nodescope.p2p.P2pMessage.Addr;
import dev.nodescope.p2p.P2pMessage.AddrV2;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * addr and BIP155 addrv2. Expected text was produced independently: Python's ipaddress (RFC 5952)
 * and base64.b32encode, and a real Tor v3 address whose checksum Python's sha3_256 confirms.
 */
class AddressesTest {
    /** duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion, decoded: the ed25519 key. */
    private static final String ONION_PUBKEY = "1d04a1d04a338c6e6ae970bfabee49049d6702250984ca950c01673f4ec034ad";
    private static final String I2P_HASH = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @Test
    void addrV1WithTimestampsForEachEncodingIn16Bytes() {
        DecodeResult r = Payload.of().compactSize(4)
                .u32(1_700_000_000L).u64(0x409).hex("00000000000000000000ffff01020304").u16be(8333)
                .u32(1_700_000_001L).u64(1).hex("20010db8000000000000000000000001").u16be(18444)
                .u32(1_700_000_002L).u64(0).hex("fd87d87eeb43" + "00112233445566778899").u16be(9050)
                .u32(1_700_000_003L).u64(0).hex("fd6b88c08724" + "0102030405060708090a").u16be(0)
                .decode("addr");
        assertThat(r.ok()).isTrue();
        assertThat(((Addr) r.message()).addresses()).containsExactly(
                new AddrEntry(1_700_000_000L, new PeerAddress(0x409, new NetAddress(Network.IPV4, 1, "1.2.3.4", null), 8333)),
                new AddrEntry(1_700_000_001L, new PeerAddress(1, new NetAddress(Network.IPV6, 2, "2001:db8::1", null), 18444)),
                new AddrEntry(1_700_000_002L, new PeerAddress(0, new NetAddress(Network.TORV2, 3, null, "00112233445566778899"), 9050)),
                new AddrEntry(1_700_000_003L, new PeerAddress(0, new NetAddress(Network.INTERNAL, 0, "aebagbafaydqqcik.internal", null), 0)));
    }

    @Test
    void addrV2ForEveryNetwork() {
        DecodeResult r = Payload.of().compactSize(7)
                .u32(1).compactSize(0x409).u8(1).compactSize(4).hex("01020304").u16be(8333)
                .u32(2).compactSize(1).u8(2).compactSize(16).hex("20010db8000000000001000000000001").u16be(8333)
                .u32(3).compactSize(0).u8(3).compactSize(10).hex("00112233445566778899").u16be(8333)
                .u32(4).compactSize(0).u8(4).compactSize(32).hex(ONION_PUBKEY).u16be(8333)
                .u32(5).compactSize(0).u8(5).compactSize(32).hex(I2P_HASH).u16be(0)
                .u32(6).compactSize(0).u8(6).compactSize(16).hex("fc3217eae415c3bf9808149db5a2c9aa").u16be(8333)
                .u32(7).compactSize(0).u8(42).compactSize(3).hex("010203").u16be(1)
                .decode("addrv2");
        assertThat(r.ok()).isTrue();
        assertThat(((AddrV2) r.message()).addresses()).extracting(e -> e.peer().address()).containsExactly(
                new NetAddress(Network.IPV4, 1, "1.2.3.4", null),
                new NetAddress(Network.IPV6, 2, "2001:db8::1:0:0:1", null),
                new NetAddress(Network.TORV2, 3, null, "00112233445566778899"),
                new NetAddress(Network.TORV3, 4, "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", null),
                new NetAddress(Network.I2P, 5, "ucq2fi5euwtkpkfjvkv2zlnov6yldmvtws23nn5yxg5lxpf5x27q.b32.i2p", null),
                new NetAddress(Network.CJDNS, 6, "fc32:17ea:e415:c3bf:9808:149d:b5a2:c9aa", null),
                new NetAddress(Network.UNKNOWN, 42, null, "010203"));
        assertThat(((AddrV2) r.message()).addresses()).extracting(AddrEntry::time, e -> e.peer().services(), e -> e.peer().port())
                .startsWith(tuple(1L, 0x409L, 8333), tuple(2L, 1L, 8333));
    }

    @Test
    void addrV2ServicesAreAnUncheckedCompactSize() {
        long services = 1L << 63 | 1;
        DecodeResult r = Payload.of().compactSize(1).u32(0).compactSize(services).u8(1).compactSize(4).hex("7f000001").u16be(8333)
                .decode("addrv2");
        assertThat(r.ok()).isTrue();
        assertThat(((AddrV2) r.message()).addresses().getFirst().peer().services()).isEqualTo(services);
    }

    @Test
    void aKnownNetworkWithTheWrongLengthFailsAsInCore() {
        DecodeResult r = Payload.of().compactSize(2)
                .u32(1).compactSize(0).u8(1).compactSize(4).hex("01020304").u16be(8333)
                .u32(2).compactSize(0).u8(1).compactSize(5).hex("0102030405").u16be(8333)
                .decode("addrv2");
        // count, first entry (4+1+1+1+4+2), then time, services, network id: the length is at 1+13+6
        assertThat(r.error()).isEqualTo(new DecodeError(20, "BIP155 IPv4 address with length 5 (should be 4)"));
        assertThat(((AddrV2) r.message()).addresses()).extracting(e -> e.peer().address().text()).containsExactly("1.2.3.4");
    }

    @Test
    void anAddressLongerThan512BytesFails() {
        DecodeResult r = Payload.of().compactSize(1).u32(0).compactSize(0).u8(99).compactSize(513).repeat(0, 515).decode("addrv2");
        assertThat(r.error()).isEqualTo(new DecodeError(7, "Address too long: 513 > 512"));
    }

    @Test
    void anOnionAddressIsBase32OfKeyChecksumAndVersion() {
        byte[] key = HexFormat.of().parseHex(ONION_PUBKEY);
        assertThat(AddressText.onion(key, 0)).isEqualTo("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion");
    }

    @ParameterizedTest
    @CsvSource({
            "20010db8000000000000000000000001, 2001:db8::1",
            "20010db8000000000001000000000001, 2001:db8::1:0:0:1",   // equal runs: the first is compressed
            "20010000000000010000000000000001, 2001:0:0:1::1",       // the longest run is compressed
            "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1", // a single zero group is not
            "00000000000000000000000000000000, ::",
            "00000000000000000000000000000001, ::1",
            "fe800000000000000000000000000000, fe80::",
            "2a03d44c1d5200000000000000000cc3, 2a03:d44c:1d52::cc3",
    })
    void ipv6AsCoreWritesIt(String bytes, String text) {
        assertThat(AddressText.ipv6(HexFormat.of().parseHex(bytes), 0)).isEqualTo(text);
    }
}
