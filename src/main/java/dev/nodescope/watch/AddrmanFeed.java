package dev.nodescope.watch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.AddrmanStats;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.SnapshotTaker;
import dev.nodescope.error.UserException;
import dev.nodescope.rpc.RpcClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch --rpc}: polls the node's addrman (and its tip against the best header) every
 * {@code every} and hands each {@link AddrmanObservation} to the engine. The first poll is made
 * before {@link #start} returns, so a wrong port, credential or whitelist stops the command at
 * once; later failures are reported as one line each, and detection goes on without them.
 */
public final class AddrmanFeed implements AutoCloseable {
    /** The RPC methods it calls: the addrman snapshot's and getblockchaininfo (docs/addrman.md's whitelist line). */
    public static final String METHODS = String.join(",", SnapshotTaker.METHODS) + ",getblockchaininfo";

    private final ScheduledExecutorService timer;
    private final RpcClient rpc;
    private final SnapshotTaker taker;
    private final Grouping grouping;
    private final WatchEngine engine;
    private final String node;
    private AddrmanSnapshot previous;

    private AddrmanFeed(RpcClient rpc, Grouping grouping, WatchEngine engine, String node) {
        this.rpc = rpc;
        this.taker = new SnapshotTaker(rpc, System::currentTimeMillis);
        this.grouping = grouping;
        this.engine = engine;
        this.node = node;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodescope-watch-rpc");
            t.setDaemon(true);
            return t;
        });
    }

    /** @param node the node name the observations are about (the events' {@code node}) */
    public static AddrmanFeed start(RpcClient rpc, Grouping grouping, WatchEngine engine, String node, Duration every, PrintStream err) {
        AddrmanFeed feed = new AddrmanFeed(rpc, grouping, engine, node);
        feed.poll();
        feed.timer.scheduleWithFixedDelay(() -> {
            try {
                feed.poll();
            } catch (UserException e) {
                err.println("nodescope: addrman poll failed (detection goes on without it): " + e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return feed;
    }

    private void poll() {
        AddrmanSnapshot s = taker.take();
        JsonNode chain = rpc.call("getblockchaininfo");
        long ahead = chain.has("headers") && chain.has("blocks") ? chain.get("headers").asLong() - chain.get("blocks").asLong() : -1;
        AddrmanDiff diff = previous == null ? null : AddrmanDiff.between(previous, s, grouping);
        previous = s;
        engine.observe(new AddrmanObservation(node, s, AddrmanStats.of(s, grouping), diff, ahead,
                chain.path("initialblockdownload").asBoolean(false)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        rpc.close();
    }
}
