package dev.nodescope.p2p;

/**
 * One inventory vector of inv, getdata or notfound.
 *
 * @param type     the type number as sent (unsigned 32 bits)
 * @param typeName Core's name for it ({@code MSG_TX}, {@code MSG_WITNESS_BLOCK}, ...), or null
 *                 for a number Core does not define
 * @param hash     txid, wtxid or block hash, RPC order
 */
public record InvItem(long type, String typeName, String hash) {
    static final int MSG_TX = 1;
    static final int MSG_BLOCK = 2;
    static final int MSG_FILTERED_BLOCK = 3;
    static final int MSG_CMPCT_BLOCK = 4;
    static final int MSG_WTX = 5;
    /** BIP144: the same object with its witness. */
    static final int MSG_WITNESS_FLAG = 1 << 30;

    static String name(long type) {
        return switch ((int) type) {
            case MSG_TX -> "MSG_TX";
            case MSG_BLOCK -> "MSG_BLOCK";
            case MSG_FILTERED_BLOCK -> "MSG_FILTERED_BLOCK";
            case MSG_CMPCT_BLOCK -> "MSG_CMPCT_BLOCK";
            case MSG_WTX -> "MSG_WTX";
            case MSG_WITNESS_FLAG | MSG_TX -> "MSG_WITNESS_TX";
            case MSG_WITNESS_FLAG | MSG_BLOCK -> "MSG_WITNESS_BLOCK";
            // reserved by BIP144, never sent by Core
            case MSG_WITNESS_FLAG | MSG_FILTERED_BLOCK -> "MSG_FILTERED_WITNESS_BLOCK";
            default -> null;
        };
    }
}
