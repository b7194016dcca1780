package dev.nodescope.traffic;

import dev.nodescope.archive.ArchiveException;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.ConnectionOpened;
import dev.nodescope.event.Detached;
import dev.nodescope.event.IsoTime;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One pass over a source for {@code traffic report} and {@code traffic compare}: every event
 * goes to each selection (all nodes, or one node) that wants it, in one streaming pass, and when
 * the stream ends the summaries go to {@code done} (from {@link #finish}: also after Ctrl-C or
 * {@code --duration}, which end a live or fleet source).
 */
public final class TrafficTool implements Tool {
    /** The tracepoints a traffic tally reads; the source attaches or replays only these. */
    public static final List<String> TRACEPOINTS = List.of(Tracepoint.NET_INBOUND_MESSAGE.fullName(),
            Tracepoint.NET_OUTBOUND_MESSAGE.fullName(), Tracepoint.NET_INBOUND_CONNECTION.fullName(),
            Tracepoint.NET_OUTBOUND_CONNECTION.fullName(), Tracepoint.NET_CLOSED_CONNECTION.fullName(),
            Tracepoint.MEMPOOL_ADDED.fullName());

    /** What to tally: which node (null: all) and how. */
    public record Selection(String node) {
    }

    /** How the tallies are kept: time block length, bounds of the blocks and of the top talkers, talkers shown. */
    public record Settings(long blockNanos, int maxBlocks, int talkerCapacity, int top) {
    }

    /**
     * The window asked for and the data the source holds (epoch ns), for the {@link Window}.
     *
     * @param from      {@code --from} resolved, else {@link Long#MIN_VALUE}
     * @param to        {@code --to} resolved, else {@link Long#MAX_VALUE}
     * @param dataStart where the source's data begin (an archive's first event, {@link ArchiveSource#firstEventNanos}): after
     *                  {@code from}, the window starts at the first event read and the error stream says so
     * @param dataEnd   once the source has ended, the latest time it holds data for (its last block, {@link
     *                  ArchiveSource#latestBlockNanos}): before {@code to}, the window ends at the last event read and the error
     *                  stream says so
     */
    public record Bounds(long from, long to, long dataStart, LongSupplier dataEnd) {
        /** A live node or a fleet: the window is the first to the last event read. */
        public static final Bounds NONE = new Bounds(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, () -> Long.MAX_VALUE);

        /** {@code --from} and {@code --to} of a replay of archives, and where their data begin and end. */
        public static Bounds of(ArchiveSource archives) throws IOException, ArchiveException {
            ArchiveSource.Bounds given = archives.bounds();
            long dataStart = given.fromNanos() == Long.MIN_VALUE ? Long.MIN_VALUE : archives.firstEventNanos();
            return new Bounds(given.fromNanos(), given.toNanos(), dataStart, archives::latestBlockNanos);
        }

        boolean given() {
            return from != Long.MIN_VALUE || to != Long.MAX_VALUE;
        }
    }

    private final String source;
    private final Window window;
    private final Bounds bounds;
    private final List<TrafficTally> tallies = new ArrayList<>();
    private final List<Selection> selections;
    private final Settings settings;
    private final StatusLines status;
    private final PrintStream err;
    private final Consumer<List<TrafficSummary>> done;
    /** Node names seen in the pass, for the message when a chosen node is not among them; at most {@link #NODE_NAMES}. */
    private final Set<String> seenNodes = new TreeSet<>();
    private static final int NODE_NAMES = 20;

    /** {@code source}: what is read, for the outputs. */
    public TrafficTool(String source, Bounds bounds, List<Selection> selections, Settings settings, StatusLines status, PrintStream err,
                       Consumer<List<TrafficSummary>> done) {
        this.source = source;
        this.window = new Window(bounds);
        this.bounds = bounds;
        this.selections = selections;
        this.settings = settings;
        this.status = status;
        this.err = err;
        this.done = done;
        for (Selection s : selections) {
            tallies.add(new TrafficTally(s.node(), window, settings.blockNanos(), settings.maxBlocks(), settings.talkerCapacity()));
        }
    }

    @Override
    public void register(EventStream stream) {
        status.register(stream);
        stream.onEvent(MessageEvent.class, e -> {
            long offset = window.see(e.meta().epochNanos());
            if (seenNodes.size() < NODE_NAMES) {
                seenNodes.add(e.meta().node());
            }
            for (TrafficTally t : tallies) {
                if (t.wants(e.meta().node())) {
                    t.message(e, offset);
                }
            }
        });
        stream.onEvent(ConnectionOpened.class, e -> {
            window.see(e.meta().epochNanos());
            for (TrafficTally t : tallies) {
                if (t.wants(e.meta().node())) {
                    t.opened(e.meta().node(), e.peerId(), e.connType(), e.meta().epochNanos());
                }
            }
        });
        stream.onEvent(ClosedConnection.class, e -> {
            window.see(e.meta().epochNanos());
            for (TrafficTally t : tallies) {
                if (t.wants(e.meta().node())) {
                    t.closed(e.meta().node(), e.peerId(), e.connType(), e.meta().epochNanos());
                }
            }
        });
        stream.onEvent(MempoolAdded.class, e -> {
            long offset = window.see(e.meta().epochNanos());
            for (TrafficTally t : tallies) {
                if (t.wants(e.meta().node())) {
                    t.accepted(e.meta().node(), offset);
                }
            }
        });
        stream.onEvent(Detached.class, e -> {
            for (TrafficTally t : tallies) {
                if (t.wants(e.meta().node())) {
                    t.detached(e.meta().node(), e.meta().epochNanos());
                }
            }
        });
    }

    @Override
    public Outcome finish(StreamEnd end) {
        if (end.failed()) {
            return Outcome.DONE;
        }
        window.sourceEnded(bounds.dataEnd().getAsLong());
        List<TrafficSummary> summaries = new ArrayList<>();
        for (TrafficTally t : tallies) {
            summaries.add(t.finish(source, settings.top()));
        }
        for (TrafficSummary s : summaries) {
            if (s.events() == 0 && s.node() != null && !seenNodes.isEmpty()) {
                err.println("nodescope: no events of node " + s.node() + " in " + source + " (its nodes: " + String.join(", ", seenNodes)
                        + (seenNodes.size() == NODE_NAMES ? ", ..." : "") + ")");
                return Outcome.NOTHING;
            }
            if (s.rows().isEmpty()) {
                err.println("nodescope: no P2P messages in " + s.label() + (bounds.given() ? " between --from and --to" : "")
                        + ": record with the net:inbound_message and net:outbound_message tracepoints");
                return Outcome.NOTHING;
            }
        }
        IsoTime time = new IsoTime();
        if (window.startCut()) {
            err.println("nodescope: " + source + " begins after --from (" + time.format(window.from())
                    + "): the window starts at its first event read, " + time.format(window.start()));
        }
        if (window.endCut()) {
            err.println("nodescope: " + source + " ends before --to (" + time.format(window.to())
                    + "): the window ends at its last event read, " + time.format(window.end()));
        }
        done.accept(summaries);
        return Outcome.DONE;
    }
}
