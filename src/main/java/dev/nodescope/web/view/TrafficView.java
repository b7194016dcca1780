package dev.nodescope.web.view;

import dev.nodescope.event.MessageEvent;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic page: P2P bytes and messages per second by message type and direction, the same by
 * connection type, totals since nodescope started, and how announcements turn into requests and
 * transactions (inv, getdata, tx). Folded once here for every browser, per node (param {@code node},
 * default the last attached), on event time over {@link SecondBuckets#WINDOW_SECONDS}; each feed
 * answers the whole window first and then only the seconds that changed.
 */
public final class TrafficView implements WebView, IncrementalFeed.Source {
    private final WebContext context;
    /** Guarded by this. */
    private final Map<String, NodeTraffic> nodes = new HashMap<>();

    public TrafficView(WebContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "traffic";
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(MessageEvent.class, this::accept);
    }

    /** Folds one message (the stream thread). */
    synchronized void accept(MessageEvent m) {
        String node = m.meta().node();
        NodeTraffic n = nodes.get(node);
        if (n == null) {
            if (nodes.size() >= NodeState.MAX_NODES) {
                return; // as the node state: a fleet beyond this is not tracked
            }
            n = new NodeTraffic(node);
            nodes.put(node, n);
        }
        n.fold(m);
    }

    @Override
    public Feed open(Map<String, String> params) {
        return new IncrementalFeed(context, params.get("node"), this);
    }

    @Override
    public synchronized Traffic since(String node, long revision) {
        NodeTraffic n = nodes.get(node);
        return n == null || n.revision() == revision ? null : n.since(revision);
    }

    /**
     * One answer. {@code byType} and {@code byConnType} are per-second buckets
     * {@code [epochSecond, c0, c1, ...]} where name {@code i} of {@code types} (or {@code connTypes})
     * has columns {@code 4i} to {@code 4i+3}: messages in, bytes in, messages out, bytes out (bytes are
     * payload bytes, without the message header). Columns past a bucket's end are 0, and a second
     * of the window with no bucket had no traffic.
     *
     * @param whole     true: everything (the page starts over); false: only the buckets changed since the previous answer
     * @param from      the window's first second (epoch s): the page drops older buckets
     * @param to        its last second: the newest event's
     * @param types     message types by index; beyond {@link NodeState#MAX_TYPES} they share "(other)"
     * @param typeTotals since nodescope started (or the recording began), per message type
     * @param relay     how transactions are announced, asked for and sent, since the start
     */
    public record Traffic(String node, boolean whole, long revision, long from, long to, List<String> types,
                          List<long[]> byType, List<String> connTypes, List<long[]> byConnType, List<Totals> typeTotals,
                          List<Totals> connTypeTotals, Relay relay) implements IncrementalFeed.Answer {
    }

    /** Messages and payload bytes each way of one message type or connection type. */
    public record Totals(String name, long msgsIn, long bytesIn, long msgsOut, long bytesOut) {
    }

    /**
     * Both directions of transaction relay: {@code received} is peers announcing to the node (inv in),
     * the node asking (getdata out) and peers delivering (tx in); {@code sent} the other way.
     */
    public record Relay(Flow received, Flow sent) {
    }

    /**
     * One direction of relay, with its ratios (null while nothing was announced or asked).
     *
     * @param requestedPerAnnounced getdata entries per inv entry
     * @param deliveredPerRequested tx messages per getdata entry
     */
    public record Flow(Count inv, Count getdata, Count tx, Double requestedPerAnnounced, Double deliveredPerRequested) {
    }

    /**
     * A count of inventory entries (inv, getdata) or of messages (tx: one transaction each).
     * Entries are read from the payload's leading count, or without a payload from the wire
     * size, which has one solution for 36-byte items; a message neither tells counts as one entry.
     *
     * @param unit      what {@code count} counts: "entries" (every message's entries known), "messages"
     *                  (none known, or tx), "entries and messages" (some messages counted as one)
     * @param uncounted messages whose entries could not be told, counted as one each
     */
    public record Count(long messages, long count, String unit, long uncounted) {
    }
}
