package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.p2p.P2pMessage.FilterAdd;
import dev.nodescope.p2p.P2pMessage.FilterClear;
import dev.nodescope.p2p.P2pMessage.FilterLoad;
import dev.nodescope.p2p.P2pMessage.GetBlocks;
import dev.nodescope.p2p.P2pMessage.Mempool;
import dev.nodescope.p2p.P2pMessage.MerkleBlock;
import dev.nodescope.p2p.P2pMessage.NotFound;
import dev.nodescope.p2p.P2pMessage.Reject;
import dev.nodescope.p2p.P2pMessage.SendTxRcncl;
import dev.nodescope.p2p.P2pMessage.Unknown;
import dev.nodescope.p2p.P2pMessage.Version;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BIP37, BIP330 and the messages the regtest capture does not hold, from the protocol's layouts. */
class OtherMessagesTest {
    private static final String HASH = "000000000000000000022b6b5e3cb0b7e4c9eea8ac6e34f5a6ff9e8e9d8e0f11";
    private static final String HEADER = HexFormat.of().formatHex(
            Arrays.copyOf(RegtestMessages.ofType("block").getFirst().payload(), 80));

    @Test
    void sendTxRcncl() {
        DecodeResult r = Payload.of().u32(1).u64(0xf0e1d2c3b4a59687L).decode("sendtxrcncl");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new SendTxRcncl(1, 0xf0e1d2c3b4a59687L));
    }

    @Test
    void filterLoadAddClear() {
        DecodeResult load = Payload.of().compactSize(3).hex("b50f01").u32(11).u32(0x12345678).u8(1).decode("filterload");
        assertThat(load.ok()).isTrue();
        assertThat(load.message()).isEqualTo(new FilterLoad(3, 11, 0x12345678, 1));

        String data = "7f16c5962e8bd963659c793ce370d95f093bc7e3";
        DecodeResult add = Payload.of().compactSize(20).hex(data).decode("filteradd");
        assertThat(add.message()).isEqualTo(new FilterAdd(data));

        assertThat(Payload.of().decode("filterclear").message()).isInstanceOf(FilterClear.class);
    }

    @Test
    void merkleBlock() {
        DecodeResult r = Payload.of().hex(HEADER).u32(7).compactSize(2).hash(HASH).hash("00".repeat(31) + "01").compactSize(1).hex("1d")
                .decode("merkleblock");
        assertThat(r.ok()).isTrue();
        MerkleBlock m = (MerkleBlock) r.message();
        assertThat(m.header().hash()).isEqualTo("34cef904efcc829f9ad3607c005294ea12107da43b381abb02821a10c99e1195");
        assertThat(m.totalTransactions()).isEqualTo(7);
        assertThat(m.hashes()).containsExactly(HASH, "00".repeat(31) + "01");
        assertThat(m.flagsHex()).isEqualTo("1d");
    }

    @Test
    void getBlocksAndNotFoundWithAnUnknownType() {
        DecodeResult blocks = Payload.of().u32(70016).compactSize(1).hash(HASH).hash("00".repeat(32)).decode("getblocks");
        assertThat(blocks.message()).isEqualTo(new GetBlocks(70016, List.of(HASH), "00".repeat(32)));

        DecodeResult notFound = Payload.of().compactSize(3).u32(1).hash(HASH).u32(0x40000003).hash(HASH).u32(0x99).hash(HASH).decode("notfound");
        assertThat(notFound.message()).isEqualTo(new NotFound(List.of(new InvItem(1, "MSG_TX", HASH),
                new InvItem(0x40000003, "MSG_FILTERED_WITNESS_BLOCK", HASH), new InvItem(0x99, null, HASH))));
    }

    @Test
    void rejectAsOldNodesSentIt() {
        DecodeResult r = Payload.of().compactSize(2).hex("7478").u8(0x10).compactSize(8).hex("6261642d74786e73").hash(HASH).decode("reject");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new Reject("tx", 0x10, "bad-txns", HASH));
    }

    @Test
    void unknownAndRetiredTypesKeepTheirSize() {
        DecodeResult r = P2pDecoder.decode("alert", new byte[10], 100);
        assertThat(r.message()).isEqualTo(new Unknown("alert", 100));
        assertThat(r.error()).isNull();
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void bytesAfterAnEmptyMessageAreReportedWithTheMessage() {
        DecodeResult r = Payload.of().u8(0).decode("mempool");
        assertThat(r.message()).isInstanceOf(Mempool.class);
        assertThat(r.error()).isEqualTo(new DecodeError(0, "1 bytes after the end of the message"));
    }

    @Test
    void aVersionFromAnOldPeerStopsAfterTheReceiversAddress() {
        DecodeResult r = Payload.of().u32(60002).u64(1).u64(1_300_000_000L).u64(1).hex("00000000000000000000ffff7f000001").u16be(8333)
                .decode("version");
        assertThat(r.ok()).isTrue();
        Version v = (Version) r.message();
        assertThat(v.addrRecv().address().text()).isEqualTo("127.0.0.1");
        assertThat(v.addrRecv().port()).isEqualTo(8333);
        assertThat(v.addrFrom()).isNull();
        assertThat(v.nonce()).isNull();
        assertThat(v.userAgent()).isNull();
        assertThat(v.relay()).isNull();
    }

    @Test
    void aUserAgentLongerThan256BytesFailsAsInCore() {
        DecodeResult r = Payload.of().u32(70016).u64(1).u64(0).u64(0).repeat(0, 18).u64(0).repeat(0, 18).u64(0)
                .compactSize(257).repeat('a', 257).u32(0).u8(1).decode("version");
        assertThat(r.error()).isEqualTo(new DecodeError(80, "String length limit exceeded"));
        assertThat(((Version) r.message()).nonce()).isZero();
    }
}
