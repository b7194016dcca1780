package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real BPF through the command line: count's totals and doctor's checks. */
@ExtendWith(BpfAvailable.class)
class CountAndDoctorTest {
    @Test
    void countReportsHitsReceivedAndLossesPerTracepoint() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            Process count = Cli.start("count", "--pid", Long.toString(fx.pid()), "--format", "json", "--events", "mempool:*,validation:*");
            fx.send("wait-attached mempool:added 20000", "wait-attached validation:block_connected", "sleep 50");
            for (int i = 0; i < 250; i++) {
                fx.send("mempool:added 00000000000000000000000000000000000000000000000000000000000000ab 100 " + i);
            }
            fx.send("validation:block_connected 00000000000000000000000000000000000000000000000000000000000000cd 5 1 1 0 9");
            assertThat(fx.finish()).isEqualTo("done fired=251 skipped=0 errors=0");
            Cli.Result r = Cli.finish(count, 30);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stderr()).startsWith("nodescope: attached to ").contains("(pid " + fx.pid() + "), 5 tracepoints")
                    .contains("nodescope: detached: process exited");
            JsonNode summary = new ObjectMapper().readTree(r.stdout());
            assertThat(summary.get("received").asLong()).isEqualTo(251);
            assertThat(summary.get("lost").asLong()).isZero();
            assertThat(summary.at("/tracepoints/mempool:added/hits").asLong()).isEqualTo(250);
            assertThat(summary.at("/tracepoints/mempool:added/received").asLong()).isEqualTo(250);
            assertThat(summary.at("/tracepoints/mempool:added/ring_reserve").asLong()).isZero();
            assertThat(summary.at("/tracepoints/validation:block_connected/received").asLong()).isEqualTo(1);
            assertThat(summary.get("tracepoints").size()).isEqualTo(2);
        }
    }

    /**
     * The summary's time and CPU count from the attach: before, loading the BPF programs (and,
     * for the CPU, the JVM's start-up) counted as counting time, so --duration 8s said "in 9.6 s"
     * and the rate and CPU per event were off.
     */
    @Test
    void summaryMeasuresFromTheAttach() throws Exception {
        int rate = 2000;
        Process load = new ProcessBuilder(Fixture.binary().toString(), "load", "net:inbound_message", "100000000", "1", "--rate",
                Integer.toString(rate)).redirectErrorStream(true).start();
        try {
            Cli.Result r = Cli.finish(Cli.start("count", "--pid", Long.toString(load.pid()), "--format", "json", "--duration", "3s",
                    "--events", "net:inbound_message"), 60);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            JsonNode summary = new ObjectMapper().readTree(r.stdout());
            double seconds = summary.get("seconds").asDouble();
            assertThat(seconds).as("--duration 3s counts for 3 s").isBetween(3.0, 3.1);
            double perSecond = summary.get("received").asLong() / seconds;
            assertThat(perSecond).as("events per second while attached").isBetween(0.8 * rate, 1.25 * rate);
            // a few ms per second for the reader; BPF loading and start-up were hundreds of ms
            assertThat(summary.get("extractor_cpu_ns").asLong()).isPositive().isLessThan((long) (0.25 * seconds * 1e9));
        } finally {
            load.destroyForcibly();
        }
    }

    @Test
    void doctorPassesOnThisMachineAndChecksATarget() throws Exception {
        Cli.Result r = Cli.run("doctor", "--binary", Fixture.binary().toString());
        assertThat(r.stdout()).contains("ok   bpf load    the kernel verifies nodescope's 20 BPF programs")
                .contains("ok   target      " + Fixture.binary() + ": 20 of 20 tracepoints").contains("all checks passed");
        assertThat(r.exitCode()).isZero();
        Cli.Result bad = Cli.run("doctor", "--binary", "/bin/true");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stdout()).contains("FAIL target      /bin/true: 0 of 20 tracepoints")
                .contains("fix: built without tracepoints");
    }
}
