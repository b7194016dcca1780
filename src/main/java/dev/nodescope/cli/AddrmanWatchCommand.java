package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.HistoryWriter;
import dev.nodescope.addrman.SnapshotTaker;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code addrman watch}: a snapshot every interval into a history directory. The first failure to
 * reach the node stops it (wrong port, credentials, whitelist); later ones are reported and the
 * watch carries on, so a node restart costs only the snapshots it missed.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Keep a history of the addrman: a snapshot every --every, the first whole, then the changes.")
final class AddrmanWatchCommand implements Callable<Integer> {
    @Mixin
    RpcOptions rpc;

    @Option(names = "--every", paramLabel = "TIME", defaultValue = "2m", converter = DurationConverter.class,
            description = "Time between snapshots (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "History directory (continued if it exists).")
    Path out;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N snapshots (default: run until stopped).")
    Long count;

    @Override
    public Integer call() throws Exception {
        if (every.isZero() || every.isNegative()) {
            throw new UserException("--every must be longer than 0");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("--out " + out + " is a file; watch writes a directory");
        }
        HistoryWriter writer = HistoryWriter.open(out);
        if (writer.resumeNote() != null) {
            System.err.println("nodescope: " + writer.resumeNote());
        }
        Grouping grouping = Grouping.withoutAsmap();
        AddrmanSnapshot previous = null;
        long taken = 0;
        try (RpcClient client = rpc.client()) {
            SnapshotTaker taker = new SnapshotTaker(client, System::currentTimeMillis);
            long next = System.nanoTime();
            while (count == null || taken < count) {
                AddrmanSnapshot s;
                try {
                    s = taker.take();
                } catch (RpcException e) {
                    if (taken == 0) {
                        throw e;
                    }
                    System.err.println("nodescope: " + e.getMessage() + "; trying again in " + every.toSeconds() + " s");
                    next = sleepUntil(next + every.toNanos());
                    continue;
                }
                Path file = writer.append(s);
                taken++;
                String change = previous == null ? "" : "; " + summary(AddrmanDiff.between(previous, s, grouping));
                System.err.println("nodescope: " + file.getFileName() + " " + s.entries().size() + " entries, "
                        + Files.size(file) + " bytes" + change);
                previous = s;
                if (count == null || taken < count) {
                    next = sleepUntil(next + every.toNanos());
                }
            }
        }
        return 0;
    }

    private static String summary(AddrmanDiff d) {
        return "+" + d.inserted().size() + " inserted, -" + d.evicted().size() + " evicted, " + d.toTried().size()
                + " new->tried, " + d.toNew().size() + " tried->new";
    }

    private static long sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
            return deadline;
        }
        return System.nanoTime(); // fell behind (a slow node): start the next period now
    }
}
