package dev.nodescope.realnode;

import java.util.Set;

/**
 * What Bitcoin Core's getpeerinfo {@code bytessent_per_msg}/{@code bytesrecv_per_msg} count for
 * one message: its transport bytes, where nodescope sees the payload. v1 adds a 24-byte header;
 * v2 (BIP324) adds 3 length + 1 header + 16 tag bytes and the type: 1 byte for the types with a
 * short id, 1 + 12 for the others.
 */
final class WireBytes {
    private static final Set<String> V2_SHORT_IDS = Set.of("addr", "block", "blocktxn", "cmpctblock", "feefilter",
            "filteradd", "filterclear", "filterload", "getblocks", "getblocktxn", "getdata", "getheaders", "headers", "inv",
            "mempool", "merkleblock", "notfound", "ping", "pong", "sendcmpct", "tx", "getcfilters", "cfilter",
            "getcfheaders", "cfheaders", "getcfcheckpt", "cfcheckpt", "addrv2");

    private WireBytes() {
    }

    /** Transport bytes beyond the payload, for {@code transport} as getpeerinfo names it (v1, v2). */
    static long overhead(String transport, String msgType) {
        return switch (transport) {
            case "v1" -> 24;
            case "v2" -> 20 + (V2_SHORT_IDS.contains(msgType) ? 1 : 13);
            default -> throw new AssertionError("unknown transport " + transport);
        };
    }
}
