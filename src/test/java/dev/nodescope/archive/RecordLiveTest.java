package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.TestStreams;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.EventJson;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real BPF: what a live log prints equals what the replay of the recording of the same run prints. */
@ExtendWith(BpfAvailable.class)
class RecordLiveTest {
    @TempDir
    Path dir;

    @Test
    void replayPrintsExactlyWhatTheLiveLogPrinted() throws Exception {
        List<String> busy = new BusyNodeScenario(3).lines(3_000).stream().filter(l -> !l.startsWith("sleep")).toList();
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        Recorder recorder = Recorder.builder().directory(dir).header(ArchiveRoundTripTest.header()).blockBytes(64 << 10).build();
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fx.pid()).payloadMax(4_000_000).node("live-node").build();
            EventJson json = new EventJson(live, true, true);
            EventStream stream = EventStream.open(source).onEvent(e -> {
                json.write(e);
                recorder.accept(e);
            }).onFlush(() -> {
                json.flush();
                recorder.flush();
            });
            TestStreams.startAttached(stream);
            fx.send(Scenario.lines(Scenario.allTracepoints()));
            fx.send(busy);
            fx.finish();
            assertThat(stream.awaitTermination(Duration.ofSeconds(30))).isTrue();
            json.flush();
        }
        recorder.close();
        List<String> liveLines = List.of(live.toString(StandardCharsets.UTF_8).split("\n"));
        assertThat(liveLines.size()).isGreaterThan(2_000);

        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        EventJson json = new EventJson(replayed, true, true);
        try (EventStream stream = EventStream.open(ArchiveSource.builder().path(dir).build())) {
            stream.onEvent(json::write);
            stream.start();
        }
        json.flush();
        assertThat(List.of(replayed.toString(StandardCharsets.UTF_8).split("\n"))).containsExactlyElementsOf(liveLines);
    }
}
