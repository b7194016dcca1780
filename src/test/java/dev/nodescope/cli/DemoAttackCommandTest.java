package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code nodescope demo --attack NAME} end to end: the stand-in plays the attack, watch's alerts show among the events, and it ends by itself. */
@ExtendWith(BpfAvailable.class)
class DemoAttackCommandTest {
    @Test
    void theBlockStallAttackShowsItsAlertFiringThenResolvedAmongTheEvents() throws Exception {
        Cli.Result r = Cli.finish(Cli.start("demo", "--attack", "block_stall", "--format", "json"), 90);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // the banner names the rules it runs under
        assertThat(r.stderr()).startsWith("nodescope demo --attack block_stall: ").contains("""
                detectors:
                  block_stall:
                    spacing: 1s
                    probability: 0.001
                """);
        List<String> lines = r.stdoutLines();
        List<String> blocks = lines.stream().filter(l -> l.contains("\"event\":\"validation:block_connected\"")).toList();
        List<String> alerts = lines.stream().filter(l -> l.contains("\"event\":\"nodescope:alert\"")).toList();
        assertThat(blocks).hasSize(6);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0)).contains("\"alert\":\"block_stall\"", "\"state\":\"firing\"", "\"subject\":\"node\"",
                // it fires at the first whole second of event time past the 6.9 s threshold: 6.9 to 7.9 s after the block,
                // depending on where the live block fell within its second
                "\"summary\":\"no block for ", "\"threshold_seconds\":6.9");
        assertThat(alerts.get(1)).contains("\"alert\":\"block_stall\"", "\"state\":\"resolved\"", "\"summary\":\"block 870005 connected after ");
        // the firing alert comes between the fifth and the sixth block, the resolution right after the sixth
        assertThat(lines.indexOf(alerts.get(0))).isBetween(lines.indexOf(blocks.get(4)), lines.indexOf(blocks.get(5)));
        assertThat(lines.indexOf(alerts.get(1))).isEqualTo(lines.indexOf(blocks.get(5)) + 1);
        assertThat(lines.getLast()).contains("\"event\":\"nodescope:detached\"");
    }
}
