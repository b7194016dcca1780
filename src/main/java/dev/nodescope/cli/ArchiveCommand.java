package dev.nodescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nodescope archive}: look into recordings without replaying them into a tool. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Summarise or export archives written by nodescope record (docs/archives.md).",
        subcommands = {ArchiveInfoCommand.class, ArchiveExportCommand.class})
final class ArchiveCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
