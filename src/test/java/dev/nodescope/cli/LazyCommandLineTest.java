package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line is built lazily (Main.commandLine(args)): whatever a user types must get the
 * same answer as from the whole tree of commands.
 */
class LazyCommandLineTest {
    private record Answer(int exitCode, String out, String err) {
    }

    private static Answer run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Answer(code, out.toString(), err.toString());
    }

    @Test
    void everyAnswerThatNeedsNoSubcommandRunIsTheWholeTreesAnswer() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--help"), List.of("-h"), List.of("-V"), List.of("--version"),
                List.of("lgo"), List.of("--nosuchflag"), List.of("help"), List.of("help", "log"), List.of("--help", "count"),
                List.of("log", "--help"), List.of("tracepoints", "--help"), List.of("bench", "compare", "--help"),
                List.of("archive"), List.of("bench", "--help"))) {
            String[] a = args.toArray(String[]::new);
            assertThat(run(Main.commandLine(a), a)).as("nodescope %s", String.join(" ", args))
                    .isEqualTo(run(Main.commandLine(), a));
        }
    }

    @Test
    void aSubcommandAloneIsBuiltAlone() {
        CommandLine cl = Main.commandLine("tracepoints", "/bin/true");
        assertThat(cl.getSubcommands().keySet()).containsExactly("tracepoints");
        assertThat(cl.getSubcommands().get("tracepoints").getCommandSpec().qualifiedName()).isEqualTo("nodescope tracepoints");
        assertThat(Main.commandLine("--help").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.commandLine().getSubcommands().keySet());
    }
}
