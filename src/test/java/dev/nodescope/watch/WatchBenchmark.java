package dev.nodescope.watch;

import dev.nodescope.PlayedEvents;
import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The watchdog's cost per event of the busy-node mix (the demo's scenario: P2P messages with real
 * payloads, connections, evictions, mempool churn, blocks, utxo events), all detectors with their
 * default rules, against writing each event as a JSON line (the baseline of issue 13: at most 300 ns
 * per event for all detectors together). One operation is the whole mix, in order, as the stream
 * delivers it: events of types no detector reads are not delivered to the engine (the stream does
 * not even trace them), so they cost nothing, as in a live run. {@code bench/jmh.sh WatchBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WatchBenchmark {
    /** Events per operation: about 14 minutes of the busy node. */
    static final int EVENTS = 100_000;
    private Event[] events;
    private boolean[] delivered;
    private WatchEngine engine;
    private EventJson json;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        long start = 1_731_542_400_000_000_000L;
        List<Event> list = new PlayedEvents("busy", 4242, start).play(new BusyNodeScenario(1, start / 1_000_000).lines(EVENTS * 2));
        events = list.subList(0, EVENTS).toArray(Event[]::new);
        json = new EventJson(OutputStream.nullOutputStream(), false, false);
        newEngine();
    }

    /**
     * A fresh engine per operation (not timed): the mix's clock restarts each time, and an engine's
     * clock only moves forward. An operation is 100,000 events, milliseconds long, so JMH's
     * per-invocation setup costs nothing in the figure.
     */
    @Setup(Level.Invocation)
    public void newEngine() {
        engine = new WatchEngine(Rules.defaults(), Silences.NONE, false);
        Set<Class<? extends Event>> types = engine.eventTypes();
        delivered = new boolean[events.length];
        for (int i = 0; i < events.length; i++) {
            delivered[i] = types.contains(events[i].getClass());
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void jsonLine() {
        for (Event e : events) {
            json.write(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long allDetectors() {
        WatchEngine e = engine;
        for (int i = 0; i < events.length; i++) {
            if (delivered[i]) {
                e.accept(events[i]);
            }
        }
        return e.events();
    }
}
