package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real BPF: what a stream handles is all the kernel attaches. The fixture's done line counts the
 * tracepoint lines it skipped because their semaphore was 0, i.e. nodescope never attached them.
 */
@ExtendWith(BpfAvailable.class)
class InterestTest {
    /** The scenario's 22 lines: one of them is validation:block_connected. */
    private static final List<Scenario.Case> CASES = Scenario.allTracepoints();

    @Test
    void aBlockConnectedHandlerAttachesOnlyBlockConnected() throws Exception {
        try (Fixture node = Fixture.play(Fixture.binary())) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            EventStream stream = EventStream.open(LiveSource.builder().pid(node.pid()).build())
                    .onEvent(BlockConnected.class, b -> seen.add("block " + b.height()))
                    .onEvent(Attached.class, a -> seen.add("attached " + a.tracepoints()));
            stream.startAsync();
            node.send("wait-attached validation:block_connected 20000", "sleep 50");
            node.send(Scenario.lines(CASES));
            assertThat(node.finish()).isEqualTo("done fired=1 skipped=" + (CASES.size() - 1) + " errors=0");
            stream.close();
            assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly("attached [validation:block_connected]", "block 870001");
        }
    }

    @Test
    void countUnhandledAttachesEverySelectedTracepointAndBuildsNoEvent() throws Exception {
        try (Fixture node = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(node.pid())
                    .events(EnumSet.of(Tracepoint.MEMPOOL_ADDED, Tracepoint.VALIDATION_BLOCK_CONNECTED)).build();
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            EventStream stream = EventStream.open(source).countUnhandled()
                    .onEvent(Attached.class, a -> seen.add("attached " + a.tracepoints()))
                    .onEvent(BlockConnected.class, b -> seen.add("block " + b.height()));
            stream.startAsync();
            node.send("wait-attached mempool:added 20000", "wait-attached validation:block_connected 20000", "sleep 50");
            node.send(Scenario.lines(CASES));
            assertThat(node.finish()).isEqualTo("done fired=2 skipped=" + (CASES.size() - 2) + " errors=0");
            stream.close();
            assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly("attached [validation:block_connected, mempool:added]", "block 870001");
            assertThat(source.stats().received(Tracepoint.MEMPOOL_ADDED)).isEqualTo(1);
            assertThat(source.stats().received(Tracepoint.VALIDATION_BLOCK_CONNECTED)).isEqualTo(1);
        }
    }

    @Test
    void followReattachesOnlyWhatIsHandled() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (Fixture first = Fixture.play(Fixture.binary())) {
            EventStream stream = EventStream.open(LiveSource.builder().pid(first.pid()).follow(true).build())
                    .onEvent(BlockConnected.class, b -> seen.add("block " + b.height()))
                    .onEvent(Attached.class, a -> seen.add("attached " + a.tracepoints()));
            stream.startAsync();
            first.send("wait-attached validation:block_connected 20000", "sleep 50");
            first.send(Scenario.lines(CASES));
            assertThat(first.finish()).isEqualTo("done fired=1 skipped=" + (CASES.size() - 1) + " errors=0");
            try (Fixture second = Fixture.play(Fixture.binary())) {
                second.send("wait-attached validation:block_connected 20000", "sleep 50");
                second.send(Scenario.lines(CASES));
                assertThat(second.finish()).isEqualTo("done fired=1 skipped=" + (CASES.size() - 1) + " errors=0");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (seen.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                stream.close();
                assertThat(stream.awaitTermination(Duration.ofSeconds(10))).isTrue();
            }
        }
        assertThat(seen).containsExactly("attached [validation:block_connected]", "block 870001",
                "attached [validation:block_connected]", "block 870001");
    }

    @Test
    void nothingHandledAmongTheSelectedIsOneClearError() {
        // fails before loading anything: no process needed
        EventStream stream = EventStream.open(LiveSource.builder().pid(1).events(EnumSet.of(Tracepoint.MEMPOOL_ADDED)).build())
                .onEvent(BlockConnected.class, b -> { });
        assertThatThrownBy(stream::start).isInstanceOf(TargetException.class)
                .hasMessage("none of the selected tracepoints is used here: select some of validation:block_connected with --events");
    }
}
