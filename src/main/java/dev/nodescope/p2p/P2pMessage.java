package dev.nodescope.p2p;

import java.util.List;

/**
 * One decoded P2P message payload, one record per message type Bitcoin Core sends or accepts.
 * Hashes are hex strings in RPC byte order (as {@code bitcoin-cli} writes them); unsigned 32-bit
 * fields are held in {@code long}, unsigned 64-bit ones (services, nonces, salts) in {@code long}
 * with their bits as on the wire.
 */
public sealed interface P2pMessage {

    /** The message type as on the wire, e.g. {@code tx}. */
    default String type() {
        return switch (this) {
            case Version _ -> "version";
            case Verack _ -> "verack";
            case Addr _ -> "addr";
            case AddrV2 _ -> "addrv2";
            case SendAddrV2 _ -> "sendaddrv2";
            case Inv _ -> "inv";
            case GetData _ -> "getdata";
            case NotFound _ -> "notfound";
            case GetBlocks _ -> "getblocks";
            case GetHeaders _ -> "getheaders";
            case Headers _ -> "headers";
            case Block _ -> "block";
            case Tx _ -> "tx";
            case CmpctBlock _ -> "cmpctblock";
            case GetBlockTxn _ -> "getblocktxn";
            case BlockTxn _ -> "blocktxn";
            case SendCmpct _ -> "sendcmpct";
            case FeeFilter _ -> "feefilter";
            case Ping _ -> "ping";
            case Pong _ -> "pong";
            case GetAddr _ -> "getaddr";
            case Mempool _ -> "mempool";
            case SendHeaders _ -> "sendheaders";
            case WtxidRelay _ -> "wtxidrelay";
            case MerkleBlock _ -> "merkleblock";
            case FilterLoad _ -> "filterload";
            case FilterAdd _ -> "filteradd";
            case FilterClear _ -> "filterclear";
            case GetCFilters _ -> "getcfilters";
            case CFilter _ -> "cfilter";
            case GetCFHeaders _ -> "getcfheaders";
            case CFHeaders _ -> "cfheaders";
            case GetCFCheckpt _ -> "getcfcheckpt";
            case CFCheckpt _ -> "cfcheckpt";
            case SendTxRcncl _ -> "sendtxrcncl";
            case Reject _ -> "reject";
            // Unknown's own accessor answers before this default; the case keeps the switch whole
            case Unknown m -> m.type();
        };
    }

    /**
     * The handshake's first message. Core reads the fields after {@code addrRecv} only while bytes
     * remain (old peers sent fewer), so they are null when absent.
     *
     * @param version  protocol version, e.g. 70016
     * @param time     the sender's clock, Unix seconds
     * @param addrRecv the receiver's address as the sender sees it
     * @param addrFrom the sender's own address (Core sends zeros)
     * @param nonce    detects connections to self
     */
    record Version(int version, long services, long time, PeerAddress addrRecv, PeerAddress addrFrom, Long nonce,
                   String userAgent, Integer startHeight, Boolean relay) implements P2pMessage {
    }

    record Verack() implements P2pMessage {
    }

    /** Gossiped addresses in the pre-BIP155 encoding (IPv6-mapped, 16 bytes each). */
    record Addr(List<AddrEntry> addresses) implements P2pMessage {
    }

    /** Gossiped addresses in BIP155 encoding: any network, variable-length. */
    record AddrV2(List<AddrEntry> addresses) implements P2pMessage {
    }

    record SendAddrV2() implements P2pMessage {
    }

    record Inv(List<InvItem> items) implements P2pMessage {
    }

    record GetData(List<InvItem> items) implements P2pMessage {
    }

    record NotFound(List<InvItem> items) implements P2pMessage {
    }

    /** @param stopHash all zeros asks for as many as the peer sends */
    record GetBlocks(int version, List<String> locator, String stopHash) implements P2pMessage {
    }

    /** @param stopHash all zeros asks for as many as the peer sends */
    record GetHeaders(int version, List<String> locator, String stopHash) implements P2pMessage {
    }

    record Headers(List<Entry> headers) implements P2pMessage {
        /** @param txCount what the sender put after the header; always 0 from Core, ignored by it */
        public record Entry(BlockHeader header, long txCount) {
        }
    }

    /** @param txCount the count the block declares; {@code transactions} holds fewer when cut */
    record Block(BlockHeader header, long txCount, List<Tx> transactions) implements P2pMessage {
    }

    /**
     * A transaction summary; also the shape of each transaction in a block, compact block or
     * blocktxn.
     *
     * @param txid    double SHA-256 of the serialization without witness, RPC order
     * @param wtxid   double SHA-256 of the whole serialization (equals txid without witness)
     * @param version unsigned, as Core holds it since v28
     * @param size    bytes of the whole serialization
     * @param weight  size without witness × 3 + size (BIP141)
     * @param vsize   weight / 4, rounded up
     * @param segwit  serialized with marker, flag and witnesses
     */
    record Tx(String txid, String wtxid, long version, long lockTime, int size, long weight, long vsize, boolean segwit,
              int inputCount, int outputCount, List<Output> outputs) implements P2pMessage {
        /** @param value satoshis as serialized (not range-checked: Core checks them in validation) */
        public record Output(long value, int scriptPubKeySize) {
        }
    }

    /**
     * A BIP152 compact block.
     *
     * @param shortIdNonce salts the short transaction ids
     * @param prefilled    the transactions sent whole, with their absolute indexes in the block
     */
    record CmpctBlock(BlockHeader header, long shortIdNonce, int shortIdCount, List<Prefilled> prefilled) implements P2pMessage {
        public record Prefilled(int index, Tx tx) {
        }
    }

    /** BIP152 request for the transactions at these absolute indexes of a block. */
    record GetBlockTxn(String blockHash, List<Integer> indexes) implements P2pMessage {
    }

    /** BIP152 answer to getblocktxn. */
    record BlockTxn(String blockHash, List<Tx> transactions) implements P2pMessage {
    }

    /** @param announce whether to announce new blocks with cmpctblock (high bandwidth) */
    record SendCmpct(boolean announce, long version) implements P2pMessage {
    }

    /** @param feeRate minimum fee rate for relayed transactions, sat per 1000 vbytes */
    record FeeFilter(long feeRate) implements P2pMessage {
    }

    record Ping(long nonce) implements P2pMessage {
    }

    record Pong(long nonce) implements P2pMessage {
    }

    record GetAddr() implements P2pMessage {
    }

    record Mempool() implements P2pMessage {
    }

    record SendHeaders() implements P2pMessage {
    }

    record WtxidRelay() implements P2pMessage {
    }

    /**
     * BIP37 filtered block.
     *
     * @param flagsHex the partial merkle tree's flag bits, as serialized
     */
    record MerkleBlock(BlockHeader header, long totalTransactions, List<String> hashes, String flagsHex)
            implements P2pMessage {
    }

    /**
     * BIP37 bloom filter; the filter's bits themselves are left in the payload.
     *
     * @param flags 0 none, 1 all, 2 p2pubkey only (BLOOM_UPDATE_*)
     */
    record FilterLoad(int filterSize, long hashFuncs, long tweak, int flags) implements P2pMessage {
    }

    record FilterAdd(String dataHex) implements P2pMessage {
    }

    record FilterClear() implements P2pMessage {
    }

    /** BIP157; @param filterType 0 is the basic filter */
    record GetCFilters(int filterType, long startHeight, String stopHash) implements P2pMessage {
    }

    /** BIP157; the filter's bytes themselves are left in the payload. */
    record CFilter(int filterType, String blockHash, int filterSize) implements P2pMessage {
    }

    record GetCFHeaders(int filterType, long startHeight, String stopHash) implements P2pMessage {
    }

    record CFHeaders(int filterType, String stopHash, String previousFilterHeader, List<String> filterHashes)
            implements P2pMessage {
    }

    record GetCFCheckpt(int filterType, String stopHash) implements P2pMessage {
    }

    record CFCheckpt(int filterType, String stopHash, List<String> filterHeaders) implements P2pMessage {
    }

    /** BIP330 Erlay handshake. */
    record SendTxRcncl(long version, long salt) implements P2pMessage {
    }

    /**
     * BIP61, sent by Core before v0.20 and still by other software.
     *
     * @param hash the rejected transaction or block, or null when not sent
     */
    record Reject(String message, int code, String reason, String hash) implements P2pMessage {
    }

    /** A type this decoder does not know (or one retired, such as alert): only its size. */
    record Unknown(String type, long size) implements P2pMessage {
    }
}
