package dev.nodescope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code bench overhead} runs the three configurations on the stand-in in the jar and loses nothing. */
@ExtendWith(BpfAvailable.class)
class BenchOverheadTest {
    @Test
    void measuresNoneCountAndExtract() throws Exception {
        Cli.Result r = Cli.run("bench", "overhead", "--hits", "20000", "--repeats", "2");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderrLines()).containsExactly(
                "nodescope: 2 x (none, count, extract) of 20000 validation:block_connected hits on the built-in stand-in node ...");
        List<String> out = r.stdoutLines();
        assertThat(out).hasSize(5);
        assertThat(out.get(0).split("\\s{2,}")).containsExactly("config", "repeats", "hits", "fired", "received", "lost",
                "node CPU ns/hit", "x none", "added ns/hit", "nodescope ns/ev");
        // config, repeats, hits, fired, received, lost: exact; the timings vary by machine
        assertThat(List.of(out.get(1).split("\\s+")).subList(0, 6)).containsExactly("none", "2", "20000", "0", "-", "-");
        assertThat(List.of(out.get(2).split("\\s+")).subList(0, 6)).containsExactly("count", "2", "20000", "20000", "20000", "0");
        assertThat(List.of(out.get(3).split("\\s+")).subList(0, 6)).containsExactly("extract", "2", "20000", "20000", "20000", "0");
        assertThat(out.get(1).split("\\s+")[7]).isEqualTo("1");
        for (String line : out.subList(2, 4)) {
            String[] f = line.split("\\s+");
            assertThat(Double.parseDouble(f[6])).as(line).isPositive();
            assertThat(Long.parseLong(f[8])).as(line).isPositive();
        }
    }
}
