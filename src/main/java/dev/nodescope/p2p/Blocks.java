package dev.nodescope.p2p;

import dev.nodescope.p2p.P2pMessage.Block;
import dev.nodescope.p2p.P2pMessage.BlockTxn;
import dev.nodescope.p2p.P2pMessage.CmpctBlock;
import dev.nodescope.p2p.P2pMessage.GetBlockTxn;
import dev.nodescope.p2p.P2pMessage.Headers;
import dev.nodescope.p2p.P2pMessage.MerkleBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Messages built on the block header: headers, block, merkleblock and BIP152's compact blocks. */
final class Blocks {
    private static final int HEADER_BYTES = 80;
    private static final int SHORT_ID_BYTES = 6;
    /** BIP152 indexes are uint16 in Core. */
    private static final int MAX_INDEX = 0xffff;

    private Blocks() {
    }

    static BlockHeader header(PayloadReader r) {
        r.need(HEADER_BYTES);
        int start = r.position();
        int version = r.i32();
        String prev = r.hash();
        String merkleRoot = r.hash();
        long time = r.u32();
        long bits = r.u32();
        long nonce = r.u32();
        String hash = DoubleSha256.get().update(r.buffer(), start, HEADER_BYTES).rpcHex();
        return new BlockHeader(hash, version, prev, merkleRoot, time, bits, nonce);
    }

    static Headers headers(PayloadReader r) {
        int n = r.count();
        return new Headers(r.list(n, HEADER_BYTES + 1, Blocks::headersEntry, Headers::new));
    }

    private static Headers.Entry headersEntry(PayloadReader r) {
        BlockHeader header = header(r);
        return new Headers.Entry(header, r.compactSize(true));
    }

    static Block block(PayloadReader r) {
        BlockHeader header = header(r);
        int n = r.count();
        return new Block(header, n, r.list(n, Transactions.MIN_TX_BYTES, Transactions::tx, txs -> new Block(header, n, txs)));
    }

    /**
     * As Core reads CBlockHeaderAndShortTxIDs: each prefilled index is a uint16 difference from the
     * previous one plus one (PartiallyDownloadedBlock::InitData), and short ids and prefilled
     * transactions together index at most 65535 transactions.
     */
    static CmpctBlock cmpctBlock(PayloadReader r) {
        BlockHeader header = header(r);
        long nonce = r.i64();
        int shortIds = r.count();
        r.skip((long) shortIds * SHORT_ID_BYTES);
        int countAt = r.position();
        int n = r.count();
        List<CmpctBlock.Prefilled> prefilled = new ArrayList<>(r.capacity(n, 1 + Transactions.MIN_TX_BYTES));
        try {
            int index = -1;
            for (int i = 0; i < n; i++) {
                int at = r.position();
                long diff = r.compactSize(true);
                if (diff > MAX_INDEX) {
                    throw new Malformed(at, "CompactSize exceeds limit of type");
                }
                index += (int) diff + 1;
                if (index > MAX_INDEX) {
                    throw new Malformed(at, "prefilled index " + index + " overflows 16 bits");
                }
                prefilled.add(new CmpctBlock.Prefilled(index, Transactions.tx(r)));
            }
            if ((long) shortIds + n > MAX_INDEX) {
                throw new Malformed(countAt, "indexes overflowed 16 bits");
            }
        } catch (Malformed m) {
            throw m.withPartial(new CmpctBlock(header, nonce, shortIds, Collections.unmodifiableList(prefilled)));
        }
        return new CmpctBlock(header, nonce, shortIds, Collections.unmodifiableList(prefilled));
    }

    /** As Core's DifferenceFormatter reads uint16 indexes: each is the previous one + 1 + delta. */
    static GetBlockTxn getBlockTxn(PayloadReader r) {
        String blockHash = r.hash();
        int n = r.count();
        List<Integer> indexes = new ArrayList<>(r.capacity(n, 1));
        try {
            long next = 0;
            for (int i = 0; i < n; i++) {
                int at = r.position();
                long index = next + r.compactSize(true);
                if (index > MAX_INDEX) {
                    throw new Malformed(at, "differential value overflow");
                }
                indexes.add((int) index);
                next = index + 1;
            }
        } catch (Malformed m) {
            throw m.withPartial(new GetBlockTxn(blockHash, Collections.unmodifiableList(indexes)));
        }
        return new GetBlockTxn(blockHash, Collections.unmodifiableList(indexes));
    }

    static BlockTxn blockTxn(PayloadReader r) {
        String blockHash = r.hash();
        int n = r.count();
        return new BlockTxn(blockHash, r.list(n, Transactions.MIN_TX_BYTES, Transactions::tx, txs -> new BlockTxn(blockHash, txs)));
    }

    /** BIP37: header, the block's tx count, the partial merkle tree's hashes and flag bytes. */
    static MerkleBlock merkleBlock(PayloadReader r) {
        BlockHeader header = header(r);
        long total = r.u32();
        int n = r.count();
        List<String> hashes = r.list(n, 32, PayloadReader::hash, h -> new MerkleBlock(header, total, h, null));
        try {
            return new MerkleBlock(header, total, hashes, r.bytesHex());
        } catch (Malformed m) {
            throw m.withPartial(new MerkleBlock(header, total, hashes, null));
        }
    }
}
