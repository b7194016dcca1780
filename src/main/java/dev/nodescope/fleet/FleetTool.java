package dev.nodescope.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.node.NodeSnapshot;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code nodescope fleet}: one line per node of a fleet for a quick look (docs/fleet.md): whether
 * it is alive, its last event, events per second, losses, tip (and how far behind the fleet's
 * best), peers. Printed every {@code --every} and once at the end.
 */
public final class FleetTool implements Tool {
    /** A node with no event for this long is "quiet": a working node's P2P traffic never stops that long. */
    static final long QUIET_NANOS = 60_000_000_000L;

    private final NodeState state = new NodeState();
    private final boolean json;
    private final PrintStream out;
    private final Duration every;
    private final LongSupplier clock;
    private final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("nodescope-fleet").factory());
    private final Map<String, long[]> lastEvents = new HashMap<>();

    /** One node's line. */
    public record Row(String node, String state, Double lastEventSecondsAgo, double eventsPerSecond, Map<String, Long> losses,
                      int height, int behind, int peers, int inbound) {
    }

    /** {@code clock}: now in epoch ns (the wall clock live; the newest event's time in a replay). */
    public FleetTool(boolean json, PrintStream out, Duration every, LongSupplier clock) {
        this.json = json;
        this.out = out;
        this.every = every;
        this.clock = clock;
    }

    public NodeState state() {
        return state;
    }

    @Override
    public void register(EventStream stream) {
        state.register(stream);
        stream.onEvent(dev.nodescope.event.Attached.class, a -> { }); // who is attached comes with the node state
    }

    @Override
    public void drive(EventStream stream) throws Exception {
        long millis = every.toMillis();
        printer.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
        stream.start();
    }

    @Override
    public Outcome finish(StreamEnd end) {
        printer.shutdownNow();
        print();
        return state.nodeNames().isEmpty() ? Outcome.NOTHING : Outcome.DONE;
    }

    /** The lines now (tests, and each print). */
    public synchronized List<Row> rows() {
        return rows(state, clock.getAsLong(), lastEvents);
    }

    /**
     * Each node's line at {@code now} (epoch ns) from {@code state}; its events per second since the
     * previous call with the same {@code previous} (each node's event count and wall time then, updated
     * here): the dashboard's fleet page keeps one per browser.
     */
    public static List<Row> rows(NodeState state, long now, Map<String, long[]> previous) {
        long wall = System.nanoTime();
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (String name : state.nodeNames()) {
            NodeSnapshot n = state.node(name, now);
            if (n != null) {
                nodes.add(n);
            }
        }
        int best = nodes.stream().mapToInt(NodeSnapshot::height).max().orElse(-1);
        List<Row> rows = new ArrayList<>();
        for (NodeSnapshot n : nodes) {
            long[] last = previous.put(n.node(), new long[] {n.events(), wall});
            double rate = last == null || wall == last[1] ? 0 : (n.events() - last[0]) * 1e9 / (wall - last[1]);
            Double ago = n.lastEventNanos() < 0 ? null : Math.max(0, now - n.lastEventNanos()) / 1e9;
            String alive = n.detachedReason() != null ? "detached"
                    : n.lastEventNanos() < 0 || now - n.lastEventNanos() > QUIET_NANOS ? "quiet" : "alive";
            int inbound = (int) state.peers(n.node(), now).stream()
                    .filter(p -> !p.ended() && p.direction() == dev.nodescope.node.PeerSnapshot.Direction.INBOUND).count();
            rows.add(new Row(n.node(), alive, ago, rate, n.losses(), n.height(), n.height() < 0 || best < 0 ? 0 : best - n.height(),
                    n.openPeers(), inbound));
        }
        return rows;
    }

    private void print() {
        List<Row> rows = rows();
        if (json) {
            out.println(json(rows));
        } else {
            out.print(text(rows));
        }
        out.flush();
    }

    static String text(List<Row> rows) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-16s %-8s %11s %9s %9s %-8s %s%n", "NODE", "STATE", "LAST EVENT",
                "EVENTS/S", "TIP", "PEERS", "LOSSES"));
        for (Row r : rows) {
            String losses = r.losses().isEmpty() ? "none" : String.join(", ", r.losses().entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue())).toList());
            s.append(String.format(Locale.ROOT, "%-16s %-8s %11s %9.0f %9s %-8s %s%n", r.node(), r.state(),
                    r.lastEventSecondsAgo() == null ? "-" : String.format(Locale.ROOT, "%.1fs ago", r.lastEventSecondsAgo()),
                    r.eventsPerSecond(), r.height() < 0 ? "-" : r.height() + (r.behind() > 0 ? " (-" + r.behind() + ")" : ""),
                    r.peers() + " (" + r.inbound() + " in)", losses));
        }
        return s.toString();
    }

    static String json(List<Row> rows) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("time_ms", Instant.now().toEpochMilli());
            g.writeArrayFieldStart("nodes");
            for (Row r : rows) {
                g.writeStartObject();
                g.writeStringField("node", r.node());
                g.writeStringField("state", r.state());
                if (r.lastEventSecondsAgo() != null) {
                    g.writeNumberField("last_event_s_ago", r.lastEventSecondsAgo());
                }
                g.writeNumberField("events_per_s", r.eventsPerSecond());
                g.writeNumberField("height", r.height());
                g.writeNumberField("behind", r.behind());
                g.writeNumberField("peers", r.peers());
                g.writeNumberField("inbound", r.inbound());
                g.writeObjectFieldStart("losses");
                for (Map.Entry<String, Long> l : r.losses().entrySet()) {
                    g.writeNumberField(l.getKey(), l.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
