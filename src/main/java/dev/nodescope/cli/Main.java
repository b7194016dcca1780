package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveException;
import dev.nodescope.bpf.BpfException;
import dev.nodescope.extract.TargetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nodescope} command. */
@Command(name = "nodescope", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Observe a Bitcoin Core node through its USDT tracepoints (eBPF).",
        subcommands = {LogCommand.class, CountCommand.class, MetricsCommand.class, MonitorCommand.class, RecordCommand.class,
            ReplayCommand.class, ArchiveCommand.class, BenchCommand.class, DecodeCommand.class, TracepointsCommand.class,
            DoctorCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a user mistake (bad flag, unknown pid, binary without tracepoints, no privileges). */
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with nodescope's error handling: one line per user mistake, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        HelpLayout.apply(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("nodescope: " + UsageErrors.describe(ex));
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof TargetException || ex instanceof IllegalArgumentException || ex instanceof ArchiveException) {
                err.println("nodescope: " + ex.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            if (ex instanceof BpfException) {
                err.println("nodescope: " + ex.getMessage() + " (nodescope doctor checks this machine)");
                err.flush();
                return EXIT_FAILURE;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                err.println("nodescope: " + ex.getMessage());
                err.flush();
                return EXIT_FAILURE;
            }
            throw ex;
        });
        return cl;
    }
}
