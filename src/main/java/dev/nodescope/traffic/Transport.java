package dev.nodescope.traffic;

import java.util.Set;

/**
 * What a P2P message costs on the wire beyond its payload, per transport. The tracepoints give
 * the payload size only ({@code size}, docs/event-schema.md) and do not say which transport a
 * connection uses, so wire bytes are estimates under an assumed transport, and every output says so.
 *
 * <ul>
 * <li>{@link #V1}: the 24-byte header (magic 4, command 12, length 4, checksum 4).
 * <li>{@link #V2} (BIP324): 3 bytes of encrypted length, 1 header byte and a 16-byte tag, plus the
 * message type: 1 byte for the types with a short id, else 1 + 12 bytes. The key exchange, garbage
 * and version packet at connection start are not counted (they are not messages the tracepoints see).
 * </ul>
 */
public enum Transport {
    V1("v1"), V2("v2");

    /** Types with a BIP324 one-byte short id (ids 1 to 28). */
    static final Set<String> V2_SHORT_IDS = Set.of("addr", "block", "blocktxn", "cmpctblock", "feefilter", "filteradd", "filterclear",
            "filterload", "getblocks", "getblocktxn", "getdata", "getheaders", "headers", "inv", "mempool", "merkleblock", "notfound",
            "ping", "pong", "sendcmpct", "tx", "getcfilters", "cfilter", "getcfheaders", "cfheaders", "getcfcheckpt", "cfcheckpt",
            "addrv2");

    static final int V1_HEADER = 24;
    static final int V2_FRAME = 3 + 1 + 16;
    static final int V2_SHORT_ID = 1;
    static final int V2_LONG_ID = 1 + 12;

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** Bytes on the wire besides the payload for one message of {@code msgType}. */
    public int overhead(String msgType) {
        return this == V1 ? V1_HEADER : V2_FRAME + (V2_SHORT_IDS.contains(msgType) ? V2_SHORT_ID : V2_LONG_ID);
    }

    /** The sentence every output carries: what was assumed, since the transport is not recorded. */
    public static String assumption() {
        return "the tracepoints record payload sizes, not the transport: wire bytes are estimated as if every connection used v1"
                + " (24-byte header) and as if every connection used v2 (BIP324: 20 bytes + 1-byte short id, or 13 bytes for types"
                + " without one); v2 handshakes are not counted";
    }

    @Override
    public String toString() {
        return label;
    }
}
