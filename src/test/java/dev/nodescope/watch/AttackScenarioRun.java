package dev.nodescope.watch;

import dev.nodescope.Fixture;
import dev.nodescope.demo.attack.AttackScenario;
import dev.nodescope.demo.attack.AttackScenarios;
import dev.nodescope.event.Alert;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An attack scenario played by the real fixture and traced through real BPF (with the ring buffer of
 * {@code demo --attack}), with the watch engine under the scenario's rules (alone, as {@code watch} runs it: only what its detectors read is
 * attached): what it raised, until the fixture exited.
 */
final class AttackScenarioRun {
    private AttackScenarioRun() {
    }

    record Result(List<Alert> alerts, String done) {
        List<Alert> of(String detector) {
            return alerts.stream().filter(a -> a.alert().equals(detector)).toList();
        }
    }

    static Result play(AttackScenario scenario) throws Exception {
        try (Fixture fixture = Fixture.play(Fixture.binary())) {
            LiveSource source = LiveSource.builder().pid(fixture.pid()).node("attack").payloadMax(65_536)
                    .ringBytes(AttackScenarios.RING_BYTES).build();
            List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
            WatchEngine engine = new WatchEngine(Rules.parse(scenario.rules(), scenario.name() + " rules"),
                    Silences.parse(List.of(), Detectors.names()), true).addListener(alerts::add);
            EventStream stream = EventStream.open(source);
            engine.register(stream);
            stream.startAsync();
            scenario.play(new LinesTo(fixture), () -> false);
            String done = fixture.finish();
            if (!stream.awaitTermination(Duration.ofSeconds(30))) {
                throw new AssertionError("the stream did not end after the fixture exited");
            }
            return new Result(List.copyOf(alerts), done);
        }
    }

    /** A writer that sends whole lines to the fixture at each flush. */
    private static final class LinesTo extends Writer {
        private final Fixture fixture;
        private final StringBuilder pending = new StringBuilder();

        LinesTo(Fixture fixture) {
            this.fixture = fixture;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            pending.append(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            int end = pending.lastIndexOf("\n");
            if (end < 0) {
                return;
            }
            fixture.send(pending.substring(0, end).split("\n"));
            pending.delete(0, end + 1);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
