package dev.nodescope.cli;

import picocli.CommandLine.Command;

/** {@code nodescope addrman}: the node's address manager through its RPC (docs/addrman.md). */
@Command(name = "addrman", mixinStandardHelpOptions = true,
        description = "Snapshots, statistics, history, diffs and a map of the node's addrman (docs/addrman.md).",
        subcommands = {AddrmanSnapshotCommand.class, AddrmanStatsCommand.class, AddrmanWatchCommand.class,
            AddrmanDiffCommand.class, AddrmanViewCommand.class})
final class AddrmanCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
