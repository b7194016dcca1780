package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.Event;
import dev.nodescope.event.IsoTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the window begins and ends: bounds outside the recording are not counted as time with no
 * traffic (it would dilute every rate): a {@code --from} before it starts the window at the first
 * event read, a {@code --to} after it ends the window at the last, and stderr says so; a
 * {@code --to} inside the recording is kept to the nanosecond, even where it falls between two
 * archive blocks.
 */
class WindowBoundsTest {
    private static final int SECONDS = 60;
    private static final long START = TrafficRuns.START_EPOCH_NANOS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void boundsPastTheRecordingAreCutToItsEventsAndSaidSo(@TempDir Path dir) throws Exception {
        List<Event> events = TrafficRuns.write(dir, TrafficRuns.FLOOD, SECONDS, 3, 7, START);
        long last = events.stream().mapToLong(e -> e.meta().epochNanos()).max().orElseThrow();
        IsoTime time = new IsoTime();
        Cli.Result whole = Cli.run("traffic", "report", dir.toString(), "--format", "json");
        assertThat(whole.exitCode()).as(whole.stderr()).isZero();
        assertThat(JSON.readTree(whole.stdout()).path("end").asText()).isEqualTo(time.format(last));

        Cli.Result past = Cli.run("traffic", "report", dir.toString(), "--to", "100s", "--format", "json");
        assertThat(past.exitCode()).as(past.stderr()).isZero();
        assertThat(past.stderr()).isEqualTo("nodescope: " + dir + " ends before --to (" + time.format(START + 100_000_000_000L)
                + "): the window ends at its last event read, " + time.format(last) + "\n");
        // the same window, so the same report: rates per second and per peer-hour of the recorded time only
        JsonNode report = JSON.readTree(past.stdout());
        assertThat(report.path("duration_ns").asLong()).isEqualTo(last - START);
        assertThat(report).isEqualTo(JSON.readTree(whole.stdout()));

        // --from an hour before the recording, --to a day after: the same again, said twice
        Cli.Result both = Cli.run("traffic", "report", dir.toString(), "--from", "2025-12-02T07:00:00Z", "--to", "2025-12-03T08:00:00Z",
                "--format", "json");
        assertThat(both.exitCode()).as(both.stderr()).isZero();
        assertThat(both.stderrLines()).containsExactly(
                "nodescope: " + dir + " begins after --from (2025-12-02T07:00:00.000000000Z): the window starts at its first event read, "
                        + time.format(START),
                "nodescope: " + dir + " ends before --to (2025-12-03T08:00:00.000000000Z): the window ends at its last event read, "
                        + time.format(last));
        assertThat(JSON.readTree(both.stdout())).isEqualTo(JSON.readTree(whole.stdout()));

        // --from 0s is the recording's start: nothing to say
        Cli.Result zero = Cli.run("traffic", "report", dir.toString(), "--from", "0s", "--format", "json");
        assertThat(zero.exitCode()).as(zero.stderr()).isZero();
        assertThat(zero.stderr()).isEmpty();
        assertThat(JSON.readTree(zero.stdout())).isEqualTo(JSON.readTree(whole.stdout()));
    }

    @Test
    void toInsideTheRecordingIsKeptToTheNanosecondEvenBetweenTwoBlocks(@TempDir Path dir) throws Exception {
        List<Event> events = new ArrayList<>();
        TrafficRuns.play(TrafficRuns.FLOOD, SECONDS, 3, 7, START, events::add);
        // --to 1 ns after the last event of the first 30 s: nothing at that time, more after it
        long to = events.stream().mapToLong(e -> e.meta().epochNanos()).filter(t -> t <= START + 30_000_000_000L).max().orElseThrow() + 1;
        assertThat(events).anyMatch(e -> e.meta().epochNanos() > to);
        String toText = new IsoTime().format(to);

        // one event per block: the blocks read all end before --to, and the one after it is met but not read
        Path one = dir.resolve("one");
        record(one, events, 1);
        assertWindowEndsAtTo(Cli.run("traffic", "report", one.toString(), "--to", toText, "--format", "json"), to);

        // two recordings merged, the first ending before --to and the second starting after it
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        record(before, events.stream().filter(e -> e.meta().epochNanos() < to).toList(), 64 << 10);
        record(after, events.stream().filter(e -> e.meta().epochNanos() > to).toList(), 64 << 10);
        assertWindowEndsAtTo(Cli.run("traffic", "report", "--replay", before + "," + after, "--to", toText, "--format", "json"), to);
    }

    private static void assertWindowEndsAtTo(Cli.Result r, long to) throws Exception {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode report = JSON.readTree(r.stdout());
        assertThat(report.path("end").asText()).isEqualTo(new IsoTime().format(to));
        assertThat(report.path("duration_ns").asLong()).isEqualTo(to - START);
    }

    private static void record(Path dir, List<Event> events, int blockBytes) throws Exception {
        try (Recorder r = Recorder.builder().directory(dir).blockBytes(blockBytes)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", TrafficRuns.NODE, "synthetic", List.of(), "none", false, "",
                        "", 1))
                .build()) {
            events.forEach(r::accept);
        }
    }
}
