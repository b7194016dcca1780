package dev.nodescope.cli;

import dev.nodescope.error.ExitCode;
import dev.nodescope.error.UserException;
import dev.nodescope.tool.ErrorReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nodescope} command. */
@Command(name = "nodescope", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Observe a Bitcoin Core node through its USDT tracepoints (eBPF).")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Not in {@code @Command(subcommands)}: picocli
     * would build every command's model (reflection over all their options) at each start, which
     * was most of the JVM's start-up; {@link #commandLine(String...)} builds only what a command line needs.
     */
    static final List<Class<?>> COMMANDS = List.of(LogCommand.class, CountCommand.class, MetricsCommand.class,
            MonitorCommand.class, RecordCommand.class, ReplayCommand.class, ArchiveCommand.class, BenchCommand.class, TrafficCommand.class,
            DecodeCommand.class, TracepointsCommand.class, DoctorCommand.class, DemoCommand.class, AddrmanCommand.class, WatchCommand.class,
            WebCommand.class, PublishCommand.class, FleetCommand.class,
            CommandLine.HelpCommand.class);

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
            exit = execute(args);
        } catch (Error e) {
            // picocli hands Exceptions to the handler below; an Error escapes it and is a bug all the same
            PrintWriter err = new PrintWriter(System.err, true);
            exit = report(e, err);
        }
        System.exit(exit);
    }

    /** Runs one nodescope command line and returns its exit code. */
    static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * The command line with every subcommand built and nodescope's error handling: a user mistake
     * ({@link UserException}) is one line and exit 2; the machine failing underneath (I/O, the
     * kernel refusing BPF) is one line and exit 1; anything else is a bug: its stack trace, a line
     * asking to report it, exit 70.
     */
    public static CommandLine commandLine() {
        return withErrorHandling(fullTree());
    }

    /**
     * The command line for {@code args}, built lazily: when the first argument names a subcommand,
     * only that one is built; when no argument names one ({@code --help}, {@code -V}, nothing, a
     * typo), the others are stand-ins with the names and descriptions help lists, which nothing can
     * run; otherwise ({@code help log}, a name further on) every one is built.
     */
    static CommandLine commandLine(String... args) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> command : COMMANDS) {
            Command annotation = command.getAnnotation(Command.class);
            byName.put(annotation.name(), command);
            for (String alias : annotation.aliases()) {
                byName.put(alias, command);
            }
        }
        Class<?> first = args.length == 0 ? null : byName.get(args[0]);
        boolean anyNamed = false;
        for (String arg : args) {
            anyNamed |= byName.containsKey(arg);
        }
        if (first != null && first != CommandLine.HelpCommand.class) {
            CommandLine cl = new CommandLine(new Main());
            cl.addSubcommand(built(first));
            return withErrorHandling(cl);
        }
        if (anyNamed) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> command : COMMANDS) {
            cl.addSubcommand(standIn(command.getAnnotation(Command.class)));
        }
        return withErrorHandling(cl);
    }

    private static CommandLine fullTree() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> command : COMMANDS) {
            cl.addSubcommand(built(command));
        }
        return cl;
    }

    /**
     * One subcommand with its own subcommands, as picocli builds a command line: with their model
     * transformers applied (bench record's drops --events), which {@code addSubcommand(Class)} skips.
     */
    private static CommandLine built(Class<?> command) {
        return new CommandLine(command);
    }

    /** What the parent's help shows of a subcommand, without building the subcommand. */
    private static CommandLine.Model.CommandSpec standIn(Command annotation) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(annotation.name())
                .aliases(annotation.aliases());
        spec.usageMessage().description(annotation.description()).header(annotation.header()).hidden(annotation.hidden());
        return spec;
    }

    /** nodescope's help layout and error handling: one line per user mistake, never a stack trace. */
    private static CommandLine withErrorHandling(CommandLine cl) {
        HelpLayout.apply(cl); // after the subcommands are added: it applies to those it finds
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
