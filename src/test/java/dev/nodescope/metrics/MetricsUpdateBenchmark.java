package dev.nodescope.metrics;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventJson;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.UtxoCacheAdd;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Metrics update cost per event ({@link NodeMetrics#accept}), one op = one event, round robin over
 * a prepared mix. {@code bench/jmh.sh MetricsUpdateBenchmark}.
 *
 * <p>Mixes: {@code messages} (P2P messages of 8 types and 4 connection types, no decoding),
 * {@code pingpong} (ping/pong pairs with payload decoding and RTT), {@code mixed} (messages,
 * connection churn, mempool, utxo, blocks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsUpdateBenchmark {
    @Param({"messages", "pingpong", "mixed"})
    public String mix;

    private NodeMetrics metrics;
    private final EventJson json = new EventJson(OutputStream.nullOutputStream(), false);
    private Event[] events;
    private int next;

    @Setup
    public void setup() {
        metrics = new NodeMetrics(new PrometheusRegistry(), true);
        List<Event> list = new ArrayList<>();
        String[] types = {"inv", "tx", "getdata", "headers", "ping", "pong", "addrv2", "cmpctblock"};
        String[] conns = {"inbound", "outbound-full-relay", "block-relay-only", "manual"};
        byte[] payload = new byte[64];
        long seq = 0;
        switch (mix) {
            case "messages" -> {
                for (int i = 0; i < 1024; i++) {
                    EventMeta m = new EventMeta("n", 1, 1, "b-msghand", i, i, seq++);
                    String t = types[i % types.length];
                    String c = conns[i % conns.length];
                    list.add(i % 2 == 0 ? new InboundMessage(m, i % 100, "1.2.3.4:8333", c, t, 64, 64, false, null)
                            : new OutboundMessage(m, i % 100, "1.2.3.4:8333", c, t, 64, 64, false, null));
                }
            }
            case "pingpong" -> {
                for (int i = 0; i < 512; i++) {
                    byte[] nonce = HexFormat.of().parseHex(String.format("%016x", Long.reverseBytes(i)));
                    list.add(new OutboundMessage(new EventMeta("n", 1, 1, "b-msghand", 2L * i, 0, seq++), i, "1.2.3.4:8333", "outbound-full-relay", "ping", 8, 8, false, nonce));
                    list.add(new InboundMessage(new EventMeta("n", 1, 1, "b-msghand", 2L * i + 1, 0, seq++), i, "1.2.3.4:8333", "outbound-full-relay", "pong", 8, 8, false, nonce));
                }
            }
            default -> {
                for (int i = 0; i < 256; i++) {
                    EventMeta m = new EventMeta("n", 1, 1, "b-msghand", i, 1_700_000_100_000_000_000L, seq++);
                    list.add(new InboundConnection(m, i, "1.2.3.4:8333", "inbound", Network.IPV4, 1));
                    list.add(new InboundMessage(m, i, "1.2.3.4:8333", "inbound", types[i % types.length], 64, 64, false, payload));
                    list.add(new MempoolAdded(m, "00", 141, 31200));
                    list.add(new UtxoCacheAdd(m, "00", 1, 2, 3, false));
                    list.add(new MempoolRemoved(m, "00", "block", 141, 31200, 1));
                    if (i % 64 == 0) {
                        list.add(new BlockConnected(m, "00", i, 3000, 7000, 12000, 100_000_000));
                    }
                    list.add(new ClosedConnection(m, i, "1.2.3.4:8333", "inbound", Network.IPV4, 1_700_000_000L));
                }
            }
        }
        events = list.toArray(Event[]::new);
    }

    /** Baseline: writing the same event as a JSON line (what `log --format json` does per event). */
    @Benchmark
    public void jsonLine() {
        json.write(events[next]);
        next = next + 1 == events.length ? 0 : next + 1;
    }

    @Benchmark
    public void accept() {
        metrics.accept(events[next]);
        next = next + 1 == events.length ? 0 : next + 1;
    }
}
