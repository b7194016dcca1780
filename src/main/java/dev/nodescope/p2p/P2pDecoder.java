package dev.nodescope.p2p;

import dev.nodescope.p2p.P2pMessage.AddrV2;
import dev.nodescope.p2p.P2pMessage.Addr;
import dev.nodescope.p2p.P2pMessage.CFCheckpt;
import dev.nodescope.p2p.P2pMessage.CFHeaders;
import dev.nodescope.p2p.P2pMessage.CFilter;
import dev.nodescope.p2p.P2pMessage.FeeFilter;
import dev.nodescope.p2p.P2pMessage.FilterAdd;
import dev.nodescope.p2p.P2pMessage.FilterClear;
import dev.nodescope.p2p.P2pMessage.FilterLoad;
import dev.nodescope.p2p.P2pMessage.GetAddr;
import dev.nodescope.p2p.P2pMessage.GetBlocks;
import dev.nodescope.p2p.P2pMessage.GetCFCheckpt;
import dev.nodescope.p2p.P2pMessage.GetCFHeaders;
import dev.nodescope.p2p.P2pMessage.GetCFilters;
import dev.nodescope.p2p.P2pMessage.GetData;
import dev.nodescope.p2p.P2pMessage.GetHeaders;
import dev.nodescope.p2p.P2pMessage.Inv;
import dev.nodescope.p2p.P2pMessage.Mempool;
import dev.nodescope.p2p.P2pMessage.NotFound;
import dev.nodescope.p2p.P2pMessage.Ping;
import dev.nodescope.p2p.P2pMessage.Pong;
import dev.nodescope.p2p.P2pMessage.Reject;
import dev.nodescope.p2p.P2pMessage.SendAddrV2;
import dev.nodescope.p2p.P2pMessage.SendCmpct;
import dev.nodescope.p2p.P2pMessage.SendHeaders;
import dev.nodescope.p2p.P2pMessage.SendTxRcncl;
import dev.nodescope.p2p.P2pMessage.Unknown;
import dev.nodescope.p2p.P2pMessage.Verack;
import dev.nodescope.p2p.P2pMessage.Version;
import dev.nodescope.p2p.P2pMessage.WtxidRelay;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes one P2P message payload, as Bitcoin Core's deserializers read it, into a
 * {@link P2pMessage}. Never throws: malformed bytes give a {@link DecodeError} with the offset
 * and reason, and a truncated capture gives what it holds whole.
 */
public final class P2pDecoder {
    /** Core's MAX_SUBVERSION_LENGTH: a longer user agent fails the version message. */
    private static final int MAX_SUBVERSION_LENGTH = 256;
    private static final int INV_ITEM_BYTES = 4 + 32;
    private static final byte[] EMPTY = {};

    // the empty messages have nothing to hold, so one of each serves every decode
    private static final Verack VERACK = new Verack();
    private static final SendAddrV2 SEND_ADDR_V2 = new SendAddrV2();
    private static final GetAddr GET_ADDR = new GetAddr();
    private static final Mempool MEMPOOL = new Mempool();
    private static final SendHeaders SEND_HEADERS = new SendHeaders();
    private static final WtxidRelay WTXID_RELAY = new WtxidRelay();
    private static final FilterClear FILTER_CLEAR = new FilterClear();

    private P2pDecoder() {
    }

    /**
     * @param msgType  the message type as on the wire (case matters, as in Core)
     * @param payload  the captured payload; may be shorter than the message (or null: empty)
     * @param wireSize the payload's size on the wire; larger than {@code payload} when the
     *                 capture was cut
     */
    public static DecodeResult decode(String msgType, byte[] payload, long wireSize) {
        byte[] bytes = payload == null ? EMPTY : payload;
        PayloadReader r = new PayloadReader(bytes, wireSize);
        String type = msgType == null ? "" : msgType;
        try {
            P2pMessage m = message(type, r);
            if (m == null) {
                // nothing to decode: an unknown type is whole by definition
                return new DecodeResult(new Unknown(type, Math.max(wireSize, bytes.length)), null, r.truncated());
            }
            if (r.truncated()) {
                // read to its end, yet the wire had more: say where the capture stopped
                return new DecodeResult(m, new DecodeError(bytes.length, r.captureEnds()), true);
            }
            if (r.remaining() > 0) {
                return new DecodeResult(m, new DecodeError(r.position(),
                        r.remaining() + " bytes after the end of the message"), false);
            }
            return new DecodeResult(m, null, false);
        } catch (Malformed e) {
            return new DecodeResult(e.partial(), new DecodeError(e.offset(), e.getMessage()), r.truncated());
        } catch (RuntimeException e) {
            // a decoder bug must cost one event its decoding, not the event stream
            return new DecodeResult(null, new DecodeError(r.position(), "decoder bug: " + e), r.truncated());
        }
    }

    /** @return null for a type not decoded here */
    private static P2pMessage message(String type, PayloadReader r) {
        return switch (type) {
            case "version" -> version(r);
            case "verack" -> VERACK;
            case "addr" -> new Addr(list(r, Addresses.MIN_ADDR_BYTES, Addresses::addrEntry, Addr::new));
            case "addrv2" -> new AddrV2(list(r, Addresses.MIN_ADDRV2_BYTES, Addresses::addrV2Entry, AddrV2::new));
            case "sendaddrv2" -> SEND_ADDR_V2;
            case "inv" -> new Inv(list(r, INV_ITEM_BYTES, P2pDecoder::invItem, Inv::new));
            case "getdata" -> new GetData(list(r, INV_ITEM_BYTES, P2pDecoder::invItem, GetData::new));
            case "notfound" -> new NotFound(list(r, INV_ITEM_BYTES, P2pDecoder::invItem, NotFound::new));
            case "getblocks" -> {
                int version = r.i32();
                List<String> locator = list(r, 32, PayloadReader::hash, l -> new GetBlocks(version, l, null));
                yield new GetBlocks(version, locator, r.hash());
            }
            case "getheaders" -> {
                int version = r.i32();
                List<String> locator = list(r, 32, PayloadReader::hash, l -> new GetHeaders(version, l, null));
                yield new GetHeaders(version, locator, r.hash());
            }
            case "headers" -> Blocks.headers(r);
            case "block" -> Blocks.block(r);
            case "tx" -> Transactions.tx(r);
            case "cmpctblock" -> Blocks.cmpctBlock(r);
            case "getblocktxn" -> Blocks.getBlockTxn(r);
            case "blocktxn" -> Blocks.blockTxn(r);
            case "sendcmpct" -> new SendCmpct(r.u8() != 0, r.i64());
            case "feefilter" -> new FeeFilter(r.i64());
            case "ping" -> new Ping(r.i64());
            case "pong" -> new Pong(r.i64());
            case "getaddr" -> GET_ADDR;
            case "mempool" -> MEMPOOL;
            case "sendheaders" -> SEND_HEADERS;
            case "wtxidrelay" -> WTXID_RELAY;
            case "merkleblock" -> Blocks.merkleBlock(r);
            case "filterload" -> {
                int size = r.count();
                r.skip(size);
                yield new FilterLoad(size, r.u32(), r.u32(), r.u8());
            }
            case "filteradd" -> new FilterAdd(r.bytesHex());
            case "filterclear" -> FILTER_CLEAR;
            case "getcfilters" -> new GetCFilters(r.u8(), r.u32(), r.hash());
            case "cfilter" -> {
                int filterType = r.u8();
                String blockHash = r.hash();
                int size = r.count();
                r.skip(size);
                yield new CFilter(filterType, blockHash, size);
            }
            case "getcfheaders" -> new GetCFHeaders(r.u8(), r.u32(), r.hash());
            case "cfheaders" -> {
                int filterType = r.u8();
                String stopHash = r.hash();
                String previous = r.hash();
                yield new CFHeaders(filterType, stopHash, previous,
                        list(r, 32, PayloadReader::hash, l -> new CFHeaders(filterType, stopHash, previous, l)));
            }
            case "getcfcheckpt" -> new GetCFCheckpt(r.u8(), r.hash());
            case "cfcheckpt" -> {
                int filterType = r.u8();
                String stopHash = r.hash();
                yield new CFCheckpt(filterType, stopHash, list(r, 32, PayloadReader::hash, l -> new CFCheckpt(filterType, stopHash, l)));
            }
            case "sendtxrcncl" -> new SendTxRcncl(r.u32(), r.i64());
            case "reject" -> reject(r);
            default -> null;
        };
    }

    /** A count then that many items; a failure part way keeps the items read whole. */
    private static <T> List<T> list(PayloadReader r, int minItemBytes, Function<PayloadReader, T> item,
                                    Function<List<T>, P2pMessage> partial) {
        return r.list(r.count(), minItemBytes, item, partial);
    }

    private static InvItem invItem(PayloadReader r) {
        long type = r.u32();
        return new InvItem(type, InvItem.name(type), r.hash());
    }

    /** As Core's ProcessMessage reads it: everything after the receiver's address only while bytes remain. */
    private static Version version(PayloadReader r) {
        int version = r.i32();
        long services = r.i64();
        long time = r.i64();
        PeerAddress addrRecv = Addresses.peerAddress(r);
        PeerAddress addrFrom = null;
        Long nonce = null;
        String userAgent = null;
        Integer startHeight = null;
        Boolean relay = null;
        try {
            if (r.remaining() > 0) {
                addrFrom = Addresses.peerAddress(r);
                nonce = r.i64();
            }
            if (r.remaining() > 0) {
                int at = r.position();
                int len = r.count();
                if (len > MAX_SUBVERSION_LENGTH) {
                    throw new Malformed(at, "String length limit exceeded");
                }
                r.need(len);
                userAgent = new String(r.buffer(), r.position(), len, StandardCharsets.UTF_8);
                r.skip(len);
            }
            if (r.remaining() > 0) {
                startHeight = r.i32();
            }
            if (r.remaining() > 0) {
                relay = r.u8() != 0;
            }
        } catch (Malformed m) {
            throw m.withPartial(new Version(version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight, relay));
        }
        return new Version(version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight, relay);
    }

    /** BIP61: message, code, reason, then the rejected object's hash for tx and block. */
    private static Reject reject(PayloadReader r) {
        String message = string(r);
        int code = r.u8();
        String reason = string(r);
        String hash = r.remaining() >= 32 ? r.hash() : null;
        return new Reject(message, code, reason, hash);
    }

    private static String string(PayloadReader r) {
        int len = r.count();
        r.need(len);
        String s = new String(r.buffer(), r.position(), len, StandardCharsets.UTF_8);
        r.skip(len);
        return s;
    }
}
