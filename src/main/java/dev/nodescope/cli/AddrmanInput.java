package dev.nodescope.cli;

import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.Asmap;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.History;
import dev.nodescope.addrman.SnapshotTaker;
import dev.nodescope.rpc.RpcClient;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where addrman commands read a snapshot from: a file, a history's last, or the node right now; and the asmap. */
final class AddrmanInput {
    @Mixin
    RpcOptions rpc;

    @Option(names = "--asmap", paramLabel = "FILE", description = "Bitcoin Core asmap file: group addresses by AS number too.")
    Path asmap;

    AddrmanSnapshot snapshot(Path fileOrDir) {
        if (fileOrDir != null) {
            return History.load(fileOrDir);
        }
        try (RpcClient client = rpc.client()) {
            return new SnapshotTaker(client, System::currentTimeMillis).take();
        }
    }

    Grouping grouping() {
        return new Grouping(asmap == null ? null : Asmap.load(asmap));
    }
}
