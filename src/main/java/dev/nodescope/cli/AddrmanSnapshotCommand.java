package dev.nodescope.cli;

import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.History;
import dev.nodescope.addrman.HistoryWriter;
import dev.nodescope.addrman.SnapshotFile;
import dev.nodescope.addrman.SnapshotTaker;
import dev.nodescope.rpc.RpcClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code addrman snapshot}: one look at the node's addrman, stored whole. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take one snapshot (getrawaddrman, getaddrmaninfo, getpeerinfo, getnetworkinfo) into a file.")
final class AddrmanSnapshotCommand implements Callable<Integer> {
    @Mixin
    RpcOptions rpc;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: 000000-TIME.nsam here).")
    Path out;

    @Override
    public Integer call() throws Exception {
        AddrmanSnapshot s;
        try (RpcClient client = rpc.client()) {
            s = new SnapshotTaker(client, System::currentTimeMillis).take();
        }
        Path file = out != null ? out : Path.of(History.fileName(0, s.timeMillis()));
        HistoryWriter.write(file, SnapshotFile.full(s));
        System.err.println("nodescope: wrote " + file + " (" + s.entries().size() + " entries, "
                + java.nio.file.Files.size(file) + " bytes)");
        return 0;
    }
}
