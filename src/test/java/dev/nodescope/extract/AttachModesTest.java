package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real BPF: attaching by binary (every process, semaphores included) and finding bitcoind by discovery. */
@ExtendWith(BpfAvailable.class)
class AttachModesTest {
    private static final String TXID = "00000000000000000000000000000000000000000000000000000000000000c1";

    @Test
    void byBinaryTracesEveryProcessOfThatBinary() throws Exception {
        try (Fixture one = Fixture.play(Fixture.binary()); Fixture two = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().binary(Fixture.binary()).events(EnumSet.of(Tracepoint.MEMPOOL_ADDED)).build();
            List<Event> events = Collections.synchronizedList(new ArrayList<>());
            EventStream stream = EventStream.open(source).onEvent(events::add);
            stream.startAsync();
            for (Fixture fx : List.of(one, two)) {
                fx.send("wait-attached mempool:added 20000", "sleep 50", "mempool:added " + TXID + " 100 " + fx.pid());
                assertThat(fx.finish()).isEqualTo("done fired=1 skipped=0 errors=0");
            }
            stream.close();
            assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(events.getFirst()).isInstanceOfSatisfying(Attached.class, a -> {
                assertThat(a.pid()).isEqualTo(-1);
                assertThat(a.tracepoints()).containsExactly("mempool:added");
            });
            assertThat(events).filteredOn(MempoolAdded.class::isInstance)
                    .extracting(e -> ((MempoolAdded) e).meta().pid() + "/" + ((MempoolAdded) e).fee())
                    .containsExactly(one.pid() + "/" + one.pid(), two.pid() + "/" + two.pid());
        }
    }

    @Test
    void semaphoresGoBackToZeroWhenTheStreamCloses() throws Exception {
        try (Fixture node = Fixture.play(Fixture.binary())) {
            EventStream stream = EventStream.open(LiveSource.builder().pid(node.pid()).build()).onEvent(e -> { });
            stream.startAsync();
            node.send("wait-attached all 20000", "echo attached");
            node.expectLine("attached", 20);
            stream.close();
            assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
            // bitcoind evaluates tracepoint arguments only while a semaphore is raised: we must leave none behind
            node.send("wait-detached all 5000", "echo detached");
            node.expectLine("detached", 10);
            assertThat(node.finish()).isEqualTo("done fired=0 skipped=0 errors=0");
        }
    }

    @Test
    void discoveryFindsTheRunningBitcoind(@TempDir Path dir) throws Exception {
        Path bitcoind = dir.resolve("bitcoind");
        Files.copy(Fixture.binary(), bitcoind);
        try (Fixture node = Fixture.play(bitcoind)) {
            Process log = Cli.start("log", "--format", "json", "--events", "mempool:added", "--max-events", "1");
            node.send("wait-attached mempool:added 20000", "sleep 50", "mempool:added " + TXID + " 100 5");
            Cli.Result r = Cli.finish(log, 30);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdoutLines()).hasSize(2);
            assertThat(r.stdoutLines().get(0)).contains("\"pid\":" + node.pid()).contains("\"binary\":\"" + bitcoind + "\"");
            assertThat(r.stdoutLines().get(1)).contains("\"event\":\"mempool:added\"").contains("\"txid\":\"" + TXID + "\"");
        }
    }
}
