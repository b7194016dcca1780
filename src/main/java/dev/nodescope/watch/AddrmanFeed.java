package dev.nodescope.watch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.AddrmanPoller;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.AddrmanStats;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.rpc.RpcClient;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code watch --rpc} (the RPC methods of docs/addrman.md's whitelist line, getblockchaininfo included): on each addrman snapshot of an {@link AddrmanPoller} (every {@code every}),
 * also asks how far the node's tip is behind the best header, and hands the engine an
 * {@link AddrmanObservation}. The first poll is made before {@link #start} returns, so a wrong port,
 * credential or whitelist stops the command at once; a later failure is one line, and detection
 * goes on without it.
 */
public final class AddrmanFeed implements AutoCloseable {
    private final AddrmanPoller poller;

    private AddrmanFeed(AddrmanPoller poller) {
        this.poller = poller;
    }

    /** @param node the node name the observations are about (the events' {@code node}) */
    public static AddrmanFeed start(RpcClient rpc, Grouping grouping, WatchEngine engine, String node, Duration every, PrintStream err) {
        // the first poll writes it before the poller's thread starts, which alone reads and writes it after
        AddrmanSnapshot[] previous = new AddrmanSnapshot[1];
        return new AddrmanFeed(AddrmanPoller.start(rpc, every, err, s -> {
            JsonNode chain = rpc.call("getblockchaininfo");
            long ahead = chain.has("headers") && chain.has("blocks") ? chain.get("headers").asLong() - chain.get("blocks").asLong() : -1;
            AddrmanDiff diff = previous[0] == null ? null : AddrmanDiff.between(previous[0], s, grouping);
            previous[0] = s;
            engine.observe(new AddrmanObservation(node, s, AddrmanStats.of(s, grouping), diff, ahead,
                    chain.path("initialblockdownload").asBoolean(false)));
        }, () -> { }));
    }

    @Override
    public void close() {
        poller.close();
    }
}
