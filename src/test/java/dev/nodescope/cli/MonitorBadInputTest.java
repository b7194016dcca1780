package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import org.junit.jupiter.api.Test;

/** `nodescope monitor` mistakes without a terminal: one line, exit 2 (the tmux test covers those needing one). */
class MonitorBadInputTest {
    @Test
    void notATerminal() throws Exception {
        Cli.Result r = Cli.run("monitor", "--pid", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderrLines()).containsExactly("nodescope: monitor needs a terminal on standard input and output"
                + " (ssh -t, tmux); for pipes and files use nodescope log");
    }

    @Test
    void badFlags() throws Exception {
        Cli.Result unknown = Cli.run("monitor", "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderrLines()).containsExactly("nodescope: unknown option '--frobnicate' (see nodescope monitor --help)");
        Cli.Result both = Cli.run("monitor", "--pid", "1", "--binary", "/bin/true");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderrLines()).containsExactly("nodescope: give either --pid or --binary, not both");
        Cli.Result events = Cli.run("monitor", "--events", "nett:*");
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.stderrLines()).hasSize(1).first().asString().startsWith("nodescope: ").contains("matches no tracepoint");
    }
}
