package dev.nodescope.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.error.ExitCode;
import dev.nodescope.event.Attached;
import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.SourceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's part of every tool: what ends a run, what a run that traced nothing leaves, which exit code. */
class ToolRunnerTest {
    @TempDir
    Path dir;

    private static final EventMeta META = new EventMeta("n", 1, 1, "t", 1, 1, 1);

    /** Delivers its events, then (if {@code untilStopped}) waits for stop; or fails with {@code failure}. */
    private static final class Source implements EventSource {
        final List<Event> events = new ArrayList<>();
        final CountDownLatch stopped = new CountDownLatch(1);
        boolean untilStopped;
        RuntimeException failure;

        @Override
        public void run(EventSink sink) throws Exception {
            if (failure != null) {
                throw failure;
            }
            for (Event e : events) {
                sink.accept(e);
            }
            sink.flush();
            if (untilStopped) {
                stopped.await();
            }
        }

        @Override
        public SourceStats stats() {
            return SourceStats.empty();
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }

    /** Writes a file, records what the runner told it. */
    private class FileTool implements Tool {
        final Path file = dir.resolve("out.txt");
        final List<String> calls = new ArrayList<>();
        StreamEnd end;
        Outcome outcome = Outcome.DONE;
        RuntimeException failInHandler;

        FileTool() throws IOException {
            Files.writeString(file, "header\n");
        }

        @Override
        public void register(EventStream stream) {
            stream.onEvent(BlockConnected.class, b -> {
                if (failInHandler != null) {
                    throw failInHandler;
                }
            });
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public Outcome finish(StreamEnd end) {
            calls.add("finish");
            this.end = end;
            return outcome;
        }

        @Override
        public List<Path> outputs() {
            return List.of(file);
        }
    }

    private static BlockConnected block() {
        return new BlockConnected(META, "%064x".formatted(1), 1, 1, 1, 1, 1);
    }

    @Test
    void aRunThatDeliveredKeepsItsOutputs() throws Exception {
        Source source = new Source();
        source.events.add(new Attached(META, "bitcoind", 1, List.of(), List.of()));
        source.events.add(block());
        FileTool tool = new FileTool();
        assertThat(ToolRunner.run(source, tool, null)).isEqualTo(ExitCode.OK);
        assertThat(tool.calls).containsExactly("flush", "finish");
        assertThat(tool.end.delivered()).isTrue();
        assertThat(tool.end.failed()).isFalse();
        assertThat(tool.file).exists();
    }

    @Test
    void aRunThatDeliveredNothingLeavesNoOutputs() throws Exception {
        FileTool tool = new FileTool();
        assertThat(ToolRunner.run(new Source(), tool, null)).isEqualTo(ExitCode.OK);
        assertThat(tool.end.delivered()).isFalse();
        assertThat(tool.file).doesNotExist();
    }

    @Test
    void aSourceFailingBeforeDeliveringIsRethrownAfterTheToolFinishedAndItsOutputsWent() throws Exception {
        Source source = new Source();
        source.failure = new IllegalStateException("no such pid");
        FileTool tool = new FileTool();
        assertThatThrownBy(() -> ToolRunner.run(source, tool, null)).isSameAs(source.failure);
        assertThat(tool.end.failure()).isSameAs(source.failure);
        assertThat(tool.file).doesNotExist();
    }

    @Test
    void nothingWorthKeepingIsExit1AndDeletesTheOutputs() throws Exception {
        Source source = new Source();
        source.events.add(block());
        FileTool tool = new FileTool();
        tool.outcome = Outcome.NOTHING;
        assertThat(ToolRunner.run(source, tool, null)).isEqualTo(ExitCode.FAILED);
        assertThat(tool.file).doesNotExist();
    }

    @Test
    void theReaderGoingAwayEndsTheRunNormallyWithoutAFinalFlush() throws Exception {
        Source source = new Source();
        source.events.add(block());
        FileTool tool = new FileTool();
        tool.failInHandler = new UncheckedIOException(new OutputClosedException(new IOException("Broken pipe")));
        assertThat(ToolRunner.run(source, tool, null)).isEqualTo(ExitCode.OK);
        assertThat(tool.calls).containsExactly("finish");
        assertThat(tool.end.failed()).isTrue();
    }

    @Test
    void aWriteErrorIsNotAClosedReader() throws Exception {
        Source source = new Source();
        source.events.add(block());
        FileTool tool = new FileTool();
        tool.failInHandler = new UncheckedIOException(new IOException("No space left on device"));
        assertThatThrownBy(() -> ToolRunner.run(source, tool, null)).isSameAs(tool.failInHandler);
        assertThat(tool.calls).containsExactly("flush", "finish");
    }

    @Test
    void durationStopsTheRunThroughTheTool() throws Exception {
        Source source = new Source();
        source.untilStopped = true;
        CountDownLatch stoppedByTool = new CountDownLatch(1);
        FileTool tool = new FileTool() {
            @Override
            public void stop(EventStream stream) {
                stoppedByTool.countDown();
                super.stop(stream);
            }
        };
        assertThat(ToolRunner.run(source, tool, Duration.ofMillis(50))).isEqualTo(ExitCode.OK);
        assertThat(stoppedByTool.getCount()).isZero();
    }
}
