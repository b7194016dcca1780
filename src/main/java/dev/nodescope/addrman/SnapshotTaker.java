package dev.nodescope.addrman;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodescope.rpc.RpcCall;
import dev.nodescope.rpc.RpcClient;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Takes a snapshot from a node: the four calls go in one batch, so they describe the same moment
 * as nearly as the node allows, and the rpcwhitelist needs exactly these four methods.
 */
public final class SnapshotTaker {
    /** What {@code addrman} calls; docs/addrman.md gives the rpcwhitelist line with them. */
    public static final List<String> METHODS = List.of("getrawaddrman", "getaddrmaninfo", "getpeerinfo", "getnetworkinfo");

    private final RpcClient rpc;
    private final LongSupplier clock;

    public SnapshotTaker(RpcClient rpc, LongSupplier clockMillis) {
        this.rpc = rpc;
        this.clock = clockMillis;
    }

    public AddrmanSnapshot take() {
        long time = clock.getAsLong();
        List<JsonNode> r = rpc.batch(METHODS.stream().map(RpcCall::of).toList());
        return RpcAnswers.snapshot(time, r.get(0), r.get(1), r.get(2), r.get(3));
    }
}
