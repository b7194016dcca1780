package dev.nodescope.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;

/**
 * The bounded vocabularies of every label nodescope exports. A value the node sends that is not
 * in a vocabulary becomes {@code other}: no label ever holds an address, a txid, a wallet name or
 * any other free-form string, so the number of series is fixed by this class, forever.
 */
public final class LabelValues {
    private LabelValues() {
    }

    public static final String OTHER = "other";

    /** Bitcoin Core's message types (protocol.h, ALL_NET_MESSAGE_TYPES, v22–v30), plus {@code reject} of old peers. */
    public static final List<String> MSG_TYPES = List.of(
            "version", "verack", "addr", "addrv2", "sendaddrv2", "inv", "getdata", "merkleblock", "getblocks",
            "getheaders", "tx", "headers", "block", "getaddr", "mempool", "ping", "pong", "notfound", "filterload",
            "filteradd", "filterclear", "sendheaders", "feefilter", "sendcmpct", "cmpctblock", "getblocktxn",
            "blocktxn", "getcfilters", "cfilter", "getcfheaders", "cfheaders", "getcfcheckpt", "cfcheckpt",
            "wtxidrelay", "sendtxrcncl", "reject");

    /** Bitcoin Core's ConnectionTypeAsString values. */
    public static final List<String> CONN_TYPES = List.of(
            "inbound", "outbound-full-relay", "manual", "feeler", "block-relay-only", "addr-fetch", "private-broadcast");

    /** MemPoolRemovalReasonToString. */
    public static final Set<String> REMOVAL_REASONS = Set.of("expiry", "sizelimit", "reorg", "block", "conflict", "replaced", "unknown");

    /** Coin selection algorithms (GetAlgorithmName). */
    public static final Set<String> ALGORITHMS = Set.of("bnb", "knapsack", "srd", "cg", "manual");

    /** Loss stages of the extractor (docs/event-schema.md), plus those announced for later tools. */
    public static final Set<String> LOSS_STAGES = Set.of("ring_reserve", "payload_dropped", "read_user", "truncated", "decode", "queue", "publish");

    /** Reject reasons of TxValidationState (validation.cpp, policy.cpp, rbf, truc, package checks). */
    public static final Set<String> REJECT_REASONS = Set.of(
            "txn-already-in-mempool", "txn-already-known", "txn-same-nonwitness-data-in-mempool", "txn-mempool-conflict",
            "bad-txns-inputs-missingorspent", "missing-inputs", "bad-txns-nonfinal", "non-bip68-final",
            "bad-txns-premature-spend-of-coinbase", "bad-txns-in-belowout", "bad-txns-inputvalues-outofrange",
            "bad-txns-fee-outofrange", "bad-txns-vin-empty", "bad-txns-vout-empty", "bad-txns-oversize",
            "bad-txns-vout-negative", "bad-txns-vout-toolarge", "bad-txns-txouttotal-toolarge", "bad-txns-inputs-duplicate",
            "bad-cb-length", "bad-txns-prevout-null", "bad-txns-too-many-sigops", "bad-txns-nonstandard-inputs",
            "bad-witness-nonstandard", "coinbase", "version", "tx-size", "tx-size-small", "scriptsig-size",
            "scriptsig-not-pushonly", "scriptpubkey", "bare-multisig", "dust", "multi-op-return", "datacarrier",
            "mempool min fee not met", "min relay fee not met", "insufficient fee", "mempool full",
            "too-long-mempool-chain", "too-long-mempool-chain-limit", "too many potential replacements",
            "replacement-adds-unconfirmed", "bip125-replacement-disallowed",
            "mandatory-script-verify-flag-failed", "non-mandatory-script-verify-flag", "mempool-script-verify-flag-failed",
            "block-script-verify-flag-failed", "max-fee-exceeded", "absurdly-high-fee", "truc-violation",
            "package-mempool-limits", "package-not-sorted", "package-not-child-with-parents", "package-too-large",
            "package-too-many-transactions", "package-contains-duplicates", "package-fee-too-low",
            "bad-txns-spends-conflicting-tx", "replacement-disallowed", "mempool-limit-failed");

    /**
     * Prefixes of Bitcoin Core's Misbehaving() messages (net_processing.cpp, v29+) with their
     * number or detail cut off; the label is the prefix.
     */
    public static final List<String> MISBEHAVING_REASONS = List.of(
            "headers message size", "inv message size", "getdata message size", "addr message size",
            "non-continuous headers sequence", "header with invalid proof of work", "invalid header received",
            "invalid compact block", "getblocktxn with out-of-bounds tx indices", "mutated block",
            "invalid block", "invalid transaction", "too many headers", "unrequested block", "invalid filter type",
            "getcfilters", "getcfheaders", "getcfcheckpt", "bloom filter", "too-large bloom filter",
            "too-large data item", "peer sent duplicate", "consensus", "cached invalid", "invalid prevblk",
            "missing prevblk", "time-future", "checkpoint", "heads-up", "recent consensus change");

    public static final List<String> INV_TYPES = List.of(
            "MSG_TX", "MSG_BLOCK", "MSG_FILTERED_BLOCK", "MSG_CMPCT_BLOCK", "MSG_WTX", "MSG_WITNESS_TX",
            "MSG_WITNESS_BLOCK", "MSG_FILTERED_WITNESS_BLOCK");

    private static final Map<String, Integer> MSG_INDEX = index(MSG_TYPES);
    private static final Map<String, Integer> CONN_INDEX = index(CONN_TYPES);

    private static Map<String, Integer> index(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(values.get(i), i);
        }
        return Map.copyOf(m);
    }

    /** Index of a message type in {@link #MSG_TYPES}, or {@code MSG_TYPES.size()} for other. */
    public static int msgTypeIndex(String msgType) {
        Integer i = MSG_INDEX.get(msgType);
        return i == null ? MSG_TYPES.size() : i;
    }

    public static String msgTypeName(int index) {
        return index < MSG_TYPES.size() ? MSG_TYPES.get(index) : OTHER;
    }

    static int connTypeIndex(String connType) {
        Integer i = CONN_INDEX.get(connType);
        return i == null ? CONN_TYPES.size() : i;
    }

    static String connTypeName(int index) {
        return index < CONN_TYPES.size() ? CONN_TYPES.get(index) : OTHER;
    }

    public static String msgType(String msgType) {
        return msgTypeName(msgTypeIndex(msgType));
    }

    public static String connType(String connType) {
        return connTypeName(connTypeIndex(connType));
    }

    public static String removalReason(String reason) {
        return reason != null && REMOVAL_REASONS.contains(reason) ? reason : OTHER;
    }

    public static String algorithm(String algorithm) {
        return algorithm != null && ALGORITHMS.contains(algorithm) ? algorithm : OTHER;
    }

    public static String lossStage(String stage) {
        return stage != null && LOSS_STAGES.contains(stage) ? stage : OTHER;
    }

    public static String invType(String typeName) {
        return typeName != null && INV_TYPES.contains(typeName) ? typeName : OTHER;
    }

    /** A reject reason without its detail ({@code "x (detail)"}, {@code "x, detail"}), if known. */
    public static String rejectReason(String reason) {
        if (reason == null) {
            return OTHER;
        }
        String r = reason.strip().toLowerCase(Locale.ROOT);
        r = cut(cut(r, " ("), ", ");
        return REJECT_REASONS.contains(r) ? r : OTHER;
    }

    /** A Misbehaving() message reduced to its known prefix (numbers and details dropped), else other. */
    public static String misbehavingReason(String reason) {
        if (reason == null) {
            return OTHER;
        }
        String r = reason.strip().toLowerCase(Locale.ROOT);
        for (String prefix : MISBEHAVING_REASONS) {
            if (r.startsWith(prefix)) {
                return prefix;
            }
        }
        return OTHER;
    }

    private static String cut(String s, String separator) {
        int i = s.indexOf(separator);
        return i < 0 ? s : s.substring(0, i);
    }
}
