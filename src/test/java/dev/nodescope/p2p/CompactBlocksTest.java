package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.p2p.P2pMessage.BlockTxn;
import dev.nodescope.p2p.P2pMessage.CmpctBlock;
import dev.nodescope.p2p.P2pMessage.GetBlockTxn;
import dev.nodescope.p2p.P2pMessage.Tx;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BIP152 compact blocks, built from the BIP's layout. */
class CompactBlocksTest {
    /** The first regtest compact block's header, whose hash the node itself requested. */
    private static final String HEADER = HexFormat.of().formatHex(
            Arrays.copyOf(RegtestMessages.ofType("cmpctblock").getFirst().payload(), 80));
    private static final String HEADER_HASH = "49fb05f8ff6b953611087a340c745abd18be8f8432459febad8632984eb38201";
    private static final String BLOCK_HASH = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";

    @Test
    void shortIdsAndDifferentiallyEncodedPrefilledIndexes() {
        DecodeResult r = Payload.of().hex(HEADER).u64(0x0102030405060708L)
                .compactSize(3).hex("aaaaaaaaaaaa" + "bbbbbbbbbbbb" + "cccccccccccc")
                .compactSize(2).compactSize(0).hex(TxVectors.LEGACY).compactSize(2).hex(TxVectors.SEGWIT)
                .decode("cmpctblock");
        assertThat(r.ok()).isTrue();
        CmpctBlock b = (CmpctBlock) r.message();
        assertThat(b.header().hash()).isEqualTo(HEADER_HASH);
        assertThat(b.shortIdNonce()).isEqualTo(0x0102030405060708L);
        assertThat(b.shortIdCount()).isEqualTo(3);
        // index 0, then 0 + 2 + 1
        assertThat(b.prefilled()).extracting(CmpctBlock.Prefilled::index).containsExactly(0, 3);
        assertThat(b.prefilled()).extracting(p -> p.tx().txid()).containsExactly(TxVectors.LEGACY_TXID, TxVectors.SEGWIT_TXID);
    }

    @Test
    void aPrefilledDifferenceAbove16BitsFails() {
        DecodeResult r = Payload.of().hex(HEADER).u64(0).compactSize(0).compactSize(1).compactSize(70_000).hex(TxVectors.LEGACY)
                .decode("cmpctblock");
        assertThat(r.error()).isEqualTo(new DecodeError(90, "CompactSize exceeds limit of type"));
    }

    @Test
    void moreThan65535TransactionsFail() {
        DecodeResult r = Payload.of().hex(HEADER).u64(0).compactSize(65_535).repeat(0, 65_535 * 6)
                .compactSize(1).compactSize(0).hex(TxVectors.LEGACY).decode("cmpctblock");
        assertThat(r.error().reason()).isEqualTo("indexes overflowed 16 bits");
    }

    @Test
    void aCutCompactBlockKeepsThePrefilledTransactionsReadWhole() {
        byte[] whole = Payload.of().hex(HEADER).u64(7).compactSize(0)
                .compactSize(2).compactSize(0).hex(TxVectors.LEGACY).compactSize(0).hex(TxVectors.SEGWIT).bytes();
        DecodeResult r = P2pDecoder.decode("cmpctblock", Arrays.copyOf(whole, whole.length - 10), whole.length);
        assertThat(r.truncated()).isTrue();
        CmpctBlock b = (CmpctBlock) r.message();
        assertThat(b.prefilled()).extracting(p -> p.tx().txid()).containsExactly(TxVectors.LEGACY_TXID);
        assertThat(r.error().reason()).isEqualTo("capture ends: " + (whole.length - 10) + " of " + whole.length + " bytes captured");
    }

    @Test
    void getBlockTxnIndexesAreDifferential() {
        DecodeResult r = Payload.of().hash(BLOCK_HASH).compactSize(3).compactSize(0).compactSize(0).compactSize(3).decode("getblocktxn");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new GetBlockTxn(BLOCK_HASH, java.util.List.of(0, 1, 5)));
    }

    @Test
    void aGetBlockTxnIndexAbove16BitsOverflows() {
        DecodeResult r = Payload.of().hash(BLOCK_HASH).compactSize(2).compactSize(65_535).compactSize(0).decode("getblocktxn");
        assertThat(r.error()).isEqualTo(new DecodeError(36, "differential value overflow"));
        assertThat(((GetBlockTxn) r.message()).indexes()).containsExactly(65_535);
    }

    @Test
    void blockTxn() {
        DecodeResult r = Payload.of().hash(BLOCK_HASH).compactSize(2).hex(TxVectors.SEGWIT).hex(TxVectors.LEGACY).decode("blocktxn");
        assertThat(r.ok()).isTrue();
        BlockTxn m = (BlockTxn) r.message();
        assertThat(m.blockHash()).isEqualTo(BLOCK_HASH);
        assertThat(m.transactions()).extracting(Tx::txid, Tx::wtxid).containsExactly(
                org.assertj.core.api.Assertions.tuple(TxVectors.SEGWIT_TXID, TxVectors.SEGWIT_WTXID),
                org.assertj.core.api.Assertions.tuple(TxVectors.LEGACY_TXID, TxVectors.LEGACY_TXID));
    }
}
