package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nodescope.p2p.P2pMessage.Block;
import dev.nodescope.p2p.P2pMessage.CmpctBlock;
import dev.nodescope.p2p.P2pMessage.FeeFilter;
import dev.nodescope.p2p.P2pMessage.GetData;
import dev.nodescope.p2p.P2pMessage.GetHeaders;
import dev.nodescope.p2p.P2pMessage.Headers;
import dev.nodescope.p2p.P2pMessage.Inv;
import dev.nodescope.p2p.P2pMessage.Ping;
import dev.nodescope.p2p.P2pMessage.Pong;
import dev.nodescope.p2p.P2pMessage.SendCmpct;
import dev.nodescope.p2p.P2pMessage.Tx;
import dev.nodescope.p2p.P2pMessage.Unknown;
import dev.nodescope.p2p.P2pMessage.Version;
import dev.nodescope.p2p.RegtestMessages.Message;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real node's payloads. Expected hashes were checked by a second method before being written
 * here: bitcoinj 0.17.1 decoding the same bytes, openssl/Python double SHA-256 over the raw hex,
 * and the node itself (its inv carries the wtxids, its getdata the block hashes, and a one-tx
 * block's merkle root is its coinbase txid).
 */
class RegtestPayloadsTest {

    @Test
    void everyPayloadDecodesWholeAsItsType() {
        assertThat(RegtestMessages.all()).hasSize(99);
        for (Message m : RegtestMessages.all()) {
            DecodeResult r = m.decode();
            assertThat(r.error()).as("#%d %s", m.index(), m.msgType()).isNull();
            assertThat(r.truncated()).isFalse();
            assertThat(r.message()).isNotNull().isNotInstanceOf(Unknown.class);
            assertThat(r.message().type()).isEqualTo(m.msgType());
        }
    }

    @Test
    void transactions() {
        assertThat(RegtestMessages.decoded("tx", Tx.class))
                .extracting(Tx::txid, Tx::wtxid, Tx::vsize, Tx::weight, Tx::size)
                .containsExactly(
                        tuple("aeb98ebcb688fc0a63aaf3cba24d98800d6acf3d0f87f1dff9b5ad671c191677",
                                "d6854fe50ac84720b5e18e6a52b63ab3b492660f20c257196b303c6d769c5e27", 140L, 560L, 221),
                        tuple("f7b9ef5a934c425552b03b8ecf4d74875387e8dd7c34bd51549023641b779807",
                                "a543f1ce2298d5686839c1f9db9776d2f1cd8aa5675692b4af379998c1a2d535", 141L, 561L, 222),
                        tuple("f0968634269419a4bfa7a904f88c8c6f9e6ea6ff60f05ca6336e74a6f11a9520",
                                "aea98570ade8a6d2235bacea3cfc33da0a568320b36d210ffc1eb2c81bd86ca3", 141L, 561L, 222),
                        tuple("7d338ec00fb783328d6864064c33058ea003d1cdac2d55a532ada6d7f0c83d2c",
                                "242262aeca4c6c7e8fc9a160c83e7061bad0ee6d1103ecbabf25c14c3744ad26", 141L, 561L, 222),
                        tuple("8f18c7cea9e877b4ab95cd24ff699981cfb85c8369ae0b14c0f304ad4d3e2242",
                                "2e8351e093dfd75a0581d22d1d07471414383c10af3dba96c2ea798ed0a31219", 141L, 561L, 222),
                        tuple("e0ae0928bcc4c6845f5eb9908662689fd92a9a1def9734475c31e96a8075155b",
                                "6dcf108b3dde67f35fa77be13dff11516d275bd6c1f1932fd785147eaa2e8337", 141L, 561L, 222));
        assertThat(RegtestMessages.decoded("tx", Tx.class))
                .extracting(tx -> tx.outputs().stream().map(Tx.Output::value).toList())
                .containsExactly(List.of(11_200_000L, 4_988_798_590L), List.of(15_000_000L, 4_961_495_770L),
                        List.of(4_942_994_360L, 12_000_000L), List.of(4_950_694_360L, 13_000_000L),
                        List.of(4_988_498_590L, 11_500_000L), List.of(4_937_994_360L, 11_000_000L));
        for (Tx tx : RegtestMessages.decoded("tx", Tx.class)) {
            assertThat(tx.version()).isEqualTo(2);
            assertThat(tx.lockTime()).isEqualTo(208);
            assertThat(tx.segwit()).isTrue();
            assertThat(tx.inputCount()).isEqualTo(1);
            assertThat(tx.outputCount()).isEqualTo(2);
            assertThat(tx.outputs()).extracting(Tx.Output::scriptPubKeySize).containsOnly(22);
        }
    }

    @Test
    void theNodeAnnouncedTheWtxidsWeCompute() {
        Set<String> announced = RegtestMessages.decoded("inv", Inv.class).stream()
                .flatMap(inv -> inv.items().stream())
                .filter(i -> "MSG_WTX".equals(i.typeName()))
                .map(InvItem::hash)
                .collect(Collectors.toSet());
        assertThat(RegtestMessages.decoded("tx", Tx.class)).extracting(Tx::wtxid).allMatch(announced::contains);
    }

    @Test
    void blocks() {
        List<Block> blocks = RegtestMessages.decoded("block", Block.class);
        assertThat(blocks).extracting(b -> b.header().hash()).containsExactly(
                "34cef904efcc829f9ad3607c005294ea12107da43b381abb02821a10c99e1195",
                "1fa4ff2f7636ec539b60c87e1ccf48b63ecc78bfdee76bd58c8ed63911a7ea74",
                "3901b4bcecd0eb08594f799fbfeab4007f4f2d3d3fb06675cee49feebe229be8",
                "0cb0e06b52cd4ce5e1bd618f5fc0974bb99d7076e1fccffb4e6c1f853bef7ede",
                "5158a163a2e6a4fa767cd46b8dcffd052b98b814bb912f1f30d1cc3e89dfc782",
                "71b99b05ecd8125bdb838ff811b5c33cc1ee4ff2e4ce3ef894cca8dda1db3e55");
        assertThat(blocks).extracting(b -> b.transactions().getFirst().txid() + "/" + b.transactions().getFirst().wtxid()).containsExactly(
                "8a76b28d078f57641dd060da22b35da86251c02cba4dbe5ca0a1d45dcd06eeb0/ff5511d53dda9a50beef4947089a278ee7ea627a9e347fc1df2dd8ee371d84af",
                "e790289b113b6782f3b757ef03737060ae2d110eafa8842aa7cd05f84ab49c85/2989a0565ca78e2aa42dacbddec6fddeb554422a5a9271d1c5f100e21553b313",
                "758a464020972eed5e741c40b7c8054125c89484eb3c3661c73895310c467486/730f2d9d2fff3d7e7839628168fa5e49cda34541ab8aef22d5e58c06a41802a5",
                "86be534a9a1413df80479456fbf3783f4b752a04b9cb14c525f677044efb60f9/e8748394f82e479f5e90bf499f5781d9f5ba38ea4bd47389158d7350b67fe5cd",
                "b75a1d8e13ceb232ecc86162767473f5df6fcd9824617fd13ebeb2d9aa0406a5/fed97e7d216b61bd94b8c162f97202cca2b8d26022af2ab9ef0f64542f81189b",
                "0ffdfe4f297c831115be6b910a31cc5736efca8745f8833190eb075d6c004fa8/885fd4acae80718d8e3605fcc359e154c9cfbe9855642d633038da36ff77fa9f");
        Block first = blocks.getFirst();
        assertThat(first.header().prevHash()).isEqualTo("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        assertThat(first.header().version()).isEqualTo(0x20000000);
        assertThat(first.header().time()).isEqualTo(1795577894L);
        assertThat(first.header().bits()).isEqualTo(0x207fffffL);
        assertThat(first.header().nonce()).isEqualTo(1);
        for (Block b : blocks) {
            assertThat(b.txCount()).isEqualTo(1);
            Tx coinbase = b.transactions().getFirst();
            // one transaction: the node's merkle root is the coinbase's txid
            assertThat(coinbase.txid()).isEqualTo(b.header().merkleRoot());
            assertThat(coinbase.outputs()).extracting(Tx.Output::value).containsExactly(5_000_000_000L, 0L);
            assertThat(coinbase.vsize()).isEqualTo(140);
        }
        // each block is the one the peer asked for, and follows the previous one
        Set<String> requested = RegtestMessages.decoded("getdata", GetData.class).stream()
                .flatMap(g -> g.items().stream()).map(InvItem::hash).collect(Collectors.toSet());
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(requested).contains(blocks.get(i).header().hash());
            if (i > 0) {
                assertThat(blocks.get(i).header().prevHash()).isEqualTo(blocks.get(i - 1).header().hash());
            }
        }
    }

    @Test
    void headers() {
        List<Headers> headers = RegtestMessages.decoded("headers", Headers.class);
        assertThat(headers).extracting(h -> h.headers().size()).containsExactly(1, 1, 1, 209, 0, 1, 1);
        assertThat(headers.get(0).headers().getFirst().header().hash()).isEqualTo("6a8c28a3b7043d58a5d7ccd6f33e94c03f0fa113c49d3c009e73128e52fb6915");
        assertThat(headers.get(2).headers().getFirst().header().hash()).isEqualTo("49fb05f8ff6b953611087a340c745abd18be8f8432459febad8632984eb38201");
        assertThat(headers.get(2).headers().getFirst().header().prevHash()).isEqualTo("6a8c28a3b7043d58a5d7ccd6f33e94c03f0fa113c49d3c009e73128e52fb6915");
        assertThat(headers.get(5).headers().getFirst().header().hash()).isEqualTo("698fd9ee8a904ce240475a2155c8f04357aa0af055c31c913d179aed08bf9693");
        assertThat(headers.get(5).headers().getFirst().header().version()).isEqualTo(0x30000000);

        List<Headers.Entry> chain = headers.get(3).headers();
        assertThat(chain.getFirst().header().hash()).isEqualTo("34cef904efcc829f9ad3607c005294ea12107da43b381abb02821a10c99e1195");
        assertThat(chain.getLast().header().hash()).isEqualTo("698fd9ee8a904ce240475a2155c8f04357aa0af055c31c913d179aed08bf9693");
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).header().prevHash()).isEqualTo(chain.get(i - 1).header().hash());
        }
        assertThat(chain).extracting(Headers.Entry::txCount).containsOnly(0L);
        // the same blocks, sent whole later, hash the same
        assertThat(chain.subList(0, 6)).extracting(e -> e.header().hash())
                .containsExactlyElementsOf(RegtestMessages.decoded("block", Block.class).stream().map(b -> b.header().hash()).toList());
    }

    @Test
    void compactBlocks() {
        List<CmpctBlock> blocks = RegtestMessages.decoded("cmpctblock", CmpctBlock.class);
        assertThat(blocks).extracting(b -> b.header().hash()).containsExactly(
                "49fb05f8ff6b953611087a340c745abd18be8f8432459febad8632984eb38201",
                "5eeb054d213a77d31801122f7462951f31dbbfb089aedb992ffec388d1c8979c",
                "329fb4381d651160a7aef3bc4f28245609fa99ff3516da45fc94fddbeb84f16a",
                "5390232dd5940d7ccdb0ec367d6e721d4572e1c41be992350935b51667b16350",
                "4d63e0c4e29c1922a5144f15bedfea63997c89317157ba7b6f611b0fe6e83973",
                "6d2163f0841baa2b242ac1cfe1cafca87e6478f10f589d1c910d5d4fd59d7052");
        assertThat(blocks.getFirst().shortIdNonce()).isEqualTo(0x76e8aef541efea04L);
        for (CmpctBlock b : blocks) {
            assertThat(b.shortIdCount()).isZero();
            assertThat(b.prefilled()).extracting(CmpctBlock.Prefilled::index).containsExactly(0);
            assertThat(b.prefilled().getFirst().tx().txid()).isEqualTo(b.header().merkleRoot());
        }
        // the first is the one the peer asked for with MSG_CMPCT_BLOCK
        assertThat(RegtestMessages.decoded("getdata", GetData.class).getFirst().items())
                .containsExactly(new InvItem(4, "MSG_CMPCT_BLOCK", blocks.getFirst().header().hash()));
    }

    @Test
    void versions() {
        List<Version> versions = RegtestMessages.decoded("version", Version.class);
        assertThat(versions).extracting(Version::startHeight).containsExactly(107, 107, 0, 209, 209, 209);
        for (Version v : versions) {
            assertThat(v.version()).isEqualTo(70017);
            assertThat(v.services()).isEqualTo(0xc09L);
            assertThat(ServiceFlags.names(v.services())).containsExactly("NETWORK", "WITNESS", "NETWORK_LIMITED", "P2P_V2");
            assertThat(v.userAgent()).isEqualTo("/Satoshi:31.99.0/");
            assertThat(v.relay()).isTrue();
            assertThat(v.addrRecv()).isEqualTo(new PeerAddress(0, new NetAddress(NetAddress.Network.IPV6, 2, "::", null), 0));
            assertThat(v.addrFrom().services()).isEqualTo(0xc09L);
        }
        Version first = versions.getFirst();
        assertThat(first.time()).isEqualTo(1795578083L);
        assertThat(Long.toUnsignedString(first.nonce())).isEqualTo("9518065955909778900");
    }

    @Test
    void pingsArePonged() {
        List<Ping> pings = RegtestMessages.decoded("ping", Ping.class);
        List<Pong> pongs = RegtestMessages.decoded("pong", Pong.class);
        assertThat(pings).hasSize(7);
        assertThat(pongs).hasSize(7);
        assertThat(Long.toUnsignedString(pings.getFirst().nonce())).isEqualTo("16882381210869061396");
        assertThat(pongs.stream().map(Pong::nonce).collect(Collectors.toSet()))
                .isEqualTo(pings.stream().map(Ping::nonce).collect(Collectors.toSet()));
    }

    @Test
    void feeFiltersAndSendCmpct() {
        assertThat(RegtestMessages.decoded("feefilter", FeeFilter.class)).extracting(FeeFilter::feeRate)
                .containsExactly(100L, 100L, 100L, 9_936_506L, 100L, 100L, 100L);
        assertThat(RegtestMessages.decoded("sendcmpct", SendCmpct.class)).extracting(SendCmpct::announce, SendCmpct::version)
                .containsExactly(tuple(false, 2L), tuple(false, 2L), tuple(true, 2L), tuple(false, 2L), tuple(false, 2L),
                        tuple(true, 2L), tuple(false, 2L), tuple(false, 2L));
    }

    @Test
    void inventories() {
        Inv inv = RegtestMessages.decoded("inv", Inv.class).getFirst();
        assertThat(inv.items()).hasSize(15).extracting(InvItem::type, InvItem::typeName).containsOnly(tuple(5L, "MSG_WTX"));
        assertThat(inv.items().getFirst().hash()).isEqualTo("d6854fe50ac84720b5e18e6a52b63ab3b492660f20c257196b303c6d769c5e27");
        assertThat(inv.items().getLast().hash()).isEqualTo("220369b30c9a69a9b03335ec956a6ffc0d7b071b71e2b8a78e8bd0d5f550dc84");

        List<GetData> getData = RegtestMessages.decoded("getdata", GetData.class);
        assertThat(getData).extracting(g -> g.items().size()).containsExactly(1, 15, 16, 1, 1, 1);
        assertThat(getData.get(1).items()).isEqualTo(inv.items());
        assertThat(getData.get(2).items()).extracting(InvItem::type, InvItem::typeName).containsOnly(tuple(0x40000002L, "MSG_WITNESS_BLOCK"));
        assertThat(getData.get(3).items()).containsExactly(
                new InvItem(0x40000002L, "MSG_WITNESS_BLOCK", "19df382da1d101f1058f342b4f3ddba2f82b66c6a7d2a6cc4e2209d606904de9"));
    }

    @Test
    void getHeaders() {
        List<GetHeaders> all = RegtestMessages.decoded("getheaders", GetHeaders.class);
        assertThat(all).extracting(g -> g.locator().size()).containsExactly(18, 18, 19, 1, 19, 19);
        for (GetHeaders g : all) {
            assertThat(g.version()).isEqualTo(70016);
            assertThat(g.stopHash()).isEqualTo("0".repeat(64));
            // every locator ends at the regtest genesis block
            assertThat(g.locator().getLast()).isEqualTo("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        }
        assertThat(all.getFirst().locator().getFirst()).isEqualTo("1cac7c224f14f35a27cfa2f4980f5929bae45d2f098f62f61a9f7dc4080fc687");
    }
}
