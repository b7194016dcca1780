package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command behaves alike: usage, version, help layout, and mistakes in nodescope's own words. */
class CliConsistencyTest {

    private static void assertOneLine(Cli.Result r, String expected) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo(expected + "\n");
    }

    @Test
    void aCommandGroupAloneShowsItsUsageLikeNodescopeAlone() throws Exception {
        for (String[] args : new String[][] {{}, {"archive"}, {"bench"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.stderr()).isEmpty();
            assertThat(r.stdout()).startsWith("Usage: nodescope").contains("Commands:");
        }
        assertThat(Cli.run("bench").stdout()).contains("  record ").contains("  compare ").contains("  overhead ");
    }

    @Test
    void versionOnSubcommands() throws Exception {
        String version = Cli.run("-V").stdout();
        assertThat(version).startsWith("nodescope ");
        for (String[] args : new String[][] {{"log", "-V"}, {"bench", "record", "--version"}, {"archive", "info", "-V"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).as(String.join(" ", args)).isEqualTo(version);
        }
    }

    @Test
    void benchRecordOffersNoEventsOption() throws Exception {
        assertThat(Cli.run("bench", "record", "--help").stdout()).doesNotContain("--events");
        assertOneLine(Cli.run("bench", "record", "--pid", "1", "--out", "run.csv", "--events", "net:*"),
                "nodescope: unknown option '--events' (see nodescope bench record --help)");
    }

    @Test
    void parserMistakesInOurWords() throws Exception {
        assertOneLine(Cli.run("frobnicate"), "nodescope: unknown command 'frobnicate': the commands are log, count, metrics,"
                + " monitor, record, replay, archive, bench, traffic, decode, tracepoints, doctor, demo, addrman, watch, web, publish, fleet (see nodescope --help)");
        assertOneLine(Cli.run("lgo"), "nodescope: unknown command 'lgo': did you mean log? (see nodescope --help)");
        assertOneLine(Cli.run("archive", "foo"), "nodescope: unknown command 'foo': the commands are info, export"
                + " (see nodescope archive --help)");
        assertOneLine(Cli.run("log", "--frmat", "json"), "nodescope: unknown option '--frmat': did you mean --format?"
                + " (see nodescope log --help)");
        assertOneLine(Cli.run("log", "--pid", "1", "extra"), "nodescope: unexpected argument 'extra' (see nodescope log --help)");
        assertOneLine(Cli.run("log", "--pid", "abc"), "nodescope: --pid: 'abc' is not a whole number (see nodescope log --help)");
        assertOneLine(Cli.run("log", "--format", "Text"), "nodescope: --format: 'Text' is not one of text, json"
                + " (see nodescope log --help)");
        assertOneLine(Cli.run("count", "--duration", "soon"), "nodescope: --duration: 'soon' is not a duration like 500ms, 30s,"
                + " 5m or 2h (see nodescope count --help)");
        assertOneLine(Cli.run("record", "--pid", "1"), "nodescope: missing --out DIR (see nodescope record --help)");
        assertOneLine(Cli.run("decode"), "nodescope: missing MSG_TYPE (see nodescope decode --help)");
    }

    @Test
    void tracepointsOfADirectorySaysItIsOne() throws Exception {
        assertOneLine(Cli.run("tracepoints", "/tmp"), "nodescope: /tmp is a directory: give the bitcoind executable in it"
                + " (e.g. /tmp/bitcoind)");
        Cli.Result log = Cli.run("log", "--binary", "/tmp");
        assertThat(log.stderr()).isEqualTo("nodescope: /tmp is a directory: give the bitcoind executable in it"
                + " (e.g. /tmp/bitcoind)\n");
    }

    /** The synopsis of every command wraps between options: each option's NAME=LABEL is whole on a line. */
    @Test
    void helpNeverWrapsInsideAToken() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertThat(all).hasSizeGreaterThan(15);
        for (CommandLine cl : all) {
            StringWriter text = new StringWriter();
            cl.usage(new PrintWriter(text));
            List<String> synopsis = new ArrayList<>();
            for (String line : text.toString().split("\n")) {
                if (!synopsis.isEmpty() && !line.startsWith(" ")) {
                    break;
                }
                if (!synopsis.isEmpty() || line.startsWith("Usage: ")) {
                    synopsis.add(line);
                }
            }
            String name = cl.getCommandSpec().qualifiedName();
            assertThat(synopsis.getFirst()).startsWith("Usage: " + name);
            for (String line : synopsis) {
                assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(80);
                assertThat(line.chars().filter(c -> c == '[').count()).as(name + ": brackets balance on " + line)
                        .isEqualTo(line.chars().filter(c -> c == ']').count());
            }
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.arity().max() > 0 && !o.hidden()) {
                    String token = o.longestName() + "=" + o.paramLabel();
                    assertThat(synopsis).as(name + " " + token).anyMatch(line -> line.contains(token));
                }
            }
        }
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
