package dev.nodescope.cli;

import dev.nodescope.error.ExitCode;
import dev.nodescope.error.UserException;
import dev.nodescope.tool.ErrorReport;
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
    /** Exit codes: {@link ExitCode} (README, "Exit codes"). */
    static final int EXIT_USAGE = ExitCode.USER;
    static final int EXIT_FAILURE = ExitCode.FAILED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Error e) {
            // picocli hands Exceptions to the handler below; an Error escapes it and is a bug all the same
            PrintWriter err = new PrintWriter(System.err, true);
            exit = report(e, err);
        }
        System.exit(exit);
    }

    /**
     * The command line with nodescope's error handling: a user mistake ({@link UserException}) is
     * one line and exit 2; the machine failing underneath (I/O, the kernel refusing BPF) is one
     * line and exit 1; anything else is a bug: its stack trace, a line asking to report it, exit 70.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        HelpLayout.apply(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("nodescope: " + UsageErrors.describe(ex));
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        return cl;
    }

    static int report(Throwable ex, PrintWriter err) {
        return ErrorReport.print(ex, err);
    }
}
