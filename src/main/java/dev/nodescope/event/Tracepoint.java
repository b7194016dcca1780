package dev.nodescope.event;

import dev.nodescope.error.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 20 production tracepoints of Bitcoin Core. The ordinal is the id the BPF programs write into
 * every record ({@code enum ns_tracepoint} in nodescope.h), so the order here must never change.
 * With its event record (its fields declared by {@code @EventField}) this is the declaration of a
 * tracepoint; the BPF program and the fixture are checked against its argument count
 * (TracepointArgumentsTest).
 */
public enum Tracepoint {
    NET_INBOUND_MESSAGE("net", "inbound_message", 23, 6),
    NET_OUTBOUND_MESSAGE("net", "outbound_message", 23, 6),
    NET_INBOUND_CONNECTION("net", "inbound_connection", 29, 5),
    NET_OUTBOUND_CONNECTION("net", "outbound_connection", 29, 5),
    NET_EVICTED_INBOUND_CONNECTION("net", "evicted_inbound_connection", 29, 5),
    NET_MISBEHAVING_CONNECTION("net", "misbehaving_connection", 29, 2),
    NET_CLOSED_CONNECTION("net", "closed_connection", 29, 5),
    VALIDATION_BLOCK_CONNECTED("validation", "block_connected", 23, 6),
    UTXOCACHE_FLUSH("utxocache", "flush", 23, 5),
    UTXOCACHE_ADD("utxocache", "add", 23, 5),
    UTXOCACHE_SPENT("utxocache", "spent", 23, 5),
    UTXOCACHE_UNCACHE("utxocache", "uncache", 23, 5),
    COIN_SELECTION_SELECTED_COINS("coin_selection", "selected_coins", 24, 5),
    COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL("coin_selection", "normal_create_tx_internal", 24, 4),
    COIN_SELECTION_ATTEMPTING_APS_CREATE_TX("coin_selection", "attempting_aps_create_tx", 24, 1),
    COIN_SELECTION_APS_CREATE_TX_INTERNAL("coin_selection", "aps_create_tx_internal", 24, 5),
    MEMPOOL_ADDED("mempool", "added", 25, 3),
    MEMPOOL_REMOVED("mempool", "removed", 25, 5),
    MEMPOOL_REPLACED("mempool", "replaced", 25, 8),
    MEMPOOL_REJECTED("mempool", "rejected", 25, 2);

    private static final Tracepoint[] BY_ID = values();

    private final String context;
    private final String name;
    /** Arguments of mempool:replaced before v29, which added replacement_is_tx. */
    public static final int MEMPOOL_REPLACED_ARGUMENTS_BEFORE_V29 = 7;

    private final int sinceVersion;
    private final int arguments;
    private final String fullName;

    Tracepoint(String context, String name, int sinceVersion, int arguments) {
        this.context = context;
        this.name = name;
        this.sinceVersion = sinceVersion;
        this.arguments = arguments;
        this.fullName = context + ":" + name;
    }

    /** Arguments the tracepoint passes in current Bitcoin Core (bitcoin-core-tracepoints.md §1.1). */
    public int arguments() {
        return arguments;
    }

    /** USDT provider, e.g. {@code net}. */
    public String context() {
        return context;
    }

    /** USDT name within the provider, e.g. {@code inbound_message}. */
    public String probeName() {
        return name;
    }

    /** {@code context:name}, the event name of the public schema. */
    public String fullName() {
        return fullName;
    }

    /** Bitcoin Core major version that introduced it. */
    public int sinceVersion() {
        return sinceVersion;
    }

    /** Name of the BPF program (the C function in nodescope.bpf.c) that handles it. */
    public String programName() {
        return context + "_" + name;
    }

    public int id() {
        return ordinal();
    }

    /** The record type of this tracepoint's events. */
    public Class<? extends TracepointEvent> eventType() {
        return switch (this) {
            case NET_INBOUND_MESSAGE -> InboundMessage.class;
            case NET_OUTBOUND_MESSAGE -> OutboundMessage.class;
            case NET_INBOUND_CONNECTION -> InboundConnection.class;
            case NET_OUTBOUND_CONNECTION -> OutboundConnection.class;
            case NET_EVICTED_INBOUND_CONNECTION -> EvictedInboundConnection.class;
            case NET_MISBEHAVING_CONNECTION -> MisbehavingConnection.class;
            case NET_CLOSED_CONNECTION -> ClosedConnection.class;
            case VALIDATION_BLOCK_CONNECTED -> BlockConnected.class;
            case UTXOCACHE_FLUSH -> UtxoCacheFlush.class;
            case UTXOCACHE_ADD -> UtxoCacheAdd.class;
            case UTXOCACHE_SPENT -> UtxoCacheSpent.class;
            case UTXOCACHE_UNCACHE -> UtxoCacheUncache.class;
            case COIN_SELECTION_SELECTED_COINS -> SelectedCoins.class;
            case COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL -> NormalCreateTxInternal.class;
            case COIN_SELECTION_ATTEMPTING_APS_CREATE_TX -> AttemptingApsCreateTx.class;
            case COIN_SELECTION_APS_CREATE_TX_INTERNAL -> ApsCreateTxInternal.class;
            case MEMPOOL_ADDED -> MempoolAdded.class;
            case MEMPOOL_REMOVED -> MempoolRemoved.class;
            case MEMPOOL_REPLACED -> MempoolReplaced.class;
            case MEMPOOL_REJECTED -> MempoolRejected.class;
        };
    }

    public static Tracepoint byId(int id) {
        return BY_ID[id];
    }

    public static int count() {
        return BY_ID.length;
    }

    public static Optional<Tracepoint> byFullName(String fullName) {
        for (Tracepoint tp : BY_ID) {
            if (tp.fullName.equals(fullName)) {
                return Optional.of(tp);
            }
        }
        return Optional.empty();
    }

    /**
     * Tracepoints matched by a list of globs such as {@code net:*,mempool:added}; {@code *} matches
     * any run of characters. Fails with a one-line message when a glob matches nothing, because a
     * typo would otherwise silently select no events.
     */
    public static Set<Tracepoint> select(List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            return EnumSet.allOf(Tracepoint.class);
        }
        Set<Tracepoint> selected = EnumSet.noneOf(Tracepoint.class);
        for (String glob : globs) {
            String trimmed = glob.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            Pattern pattern = Glob.compile(trimmed.toLowerCase(Locale.ROOT));
            List<Tracepoint> matched = new ArrayList<>();
            for (Tracepoint tp : BY_ID) {
                if (pattern.matcher(tp.fullName).matches() || pattern.matcher(tp.context).matches()) {
                    matched.add(tp);
                }
            }
            if (matched.isEmpty()) {
                throw new UserException("--events: '" + trimmed
                        + "' matches no tracepoint (see `nodescope tracepoints` for the names, e.g. net:*,mempool:added)");
            }
            selected.addAll(matched);
        }
        return selected;
    }

    /**
     * Which Bitcoin Core releases have a binary lacking exactly these tracepoints
     * (bitcoin-core-tracepoints.md §5): mempool tracepoints came in v25, connection tracepoints
     * in v29. The version string itself is not readable from a binary reliably; this bounds it.
     */
    public static String releasesWithout(java.util.Collection<String> missing) {
        if (missing.contains("mempool:added")) {
            return "v23-v24 (no mempool tracepoints)";
        }
        if (missing.contains("net:inbound_connection")) {
            return "v25-v28 (no connection tracepoints)";
        }
        return "v29 or later (all 20 tracepoints)";
    }

    @Override
    public String toString() {
        return fullName;
    }

    public static List<Tracepoint> all() {
        return Arrays.asList(BY_ID);
    }
}
