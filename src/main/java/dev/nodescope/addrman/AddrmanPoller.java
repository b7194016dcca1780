package dev.nodescope.addrman;

import dev.nodescope.error.UserException;

import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link AddrmanMetrics} current: a snapshot every interval on a thread of its own. The first
 * snapshot is taken before {@link #start} returns, so a wrong port, credential or whitelist stops
 * the command at once; later failures are counted and reported, and the gauges keep the last
 * good statistics.
 */
public final class AddrmanPoller implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final RpcClient rpc;

    private AddrmanPoller(ScheduledExecutorService timer, RpcClient rpc) {
        this.timer = timer;
        this.rpc = rpc;
    }

    public static AddrmanPoller start(RpcClient rpc, AddrmanMetrics metrics, Grouping grouping, Duration every, PrintStream err) {
        return start(rpc, every, err, s -> metrics.update(AddrmanStats.of(s, grouping)), metrics::failed);
    }

    /**
     * Hands a snapshot to {@code each} every {@code every} (the first before it returns; a failure of
     * that one is thrown); a later failure of the snapshot or of {@code each} (a user error: the node
     * gone, a refused RPC) is one line on {@code err} and a call of {@code failed}, and polling goes on.
     */
    public static AddrmanPoller start(RpcClient rpc, Duration every, PrintStream err, Consumer<AddrmanSnapshot> each, Runnable failed) {
        SnapshotTaker taker = new SnapshotTaker(rpc, System::currentTimeMillis);
        each.accept(taker.take());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodescope-addrman");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                each.accept(taker.take());
            } catch (UserException e) {
                failed.run();
                err.println("nodescope: addrman snapshot failed: " + e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new AddrmanPoller(timer, rpc);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        rpc.close();
    }
}
