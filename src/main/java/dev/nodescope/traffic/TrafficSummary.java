package dev.nodescope.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code traffic report} found in one selection: counts per message type, direction and
 * connection type over the window, with what rates are measured against (seconds, peer-hours,
 * accepted transactions), the top talkers and the time blocks.
 *
 * @param source       what was read (paths, or the NATS fleet)
 * @param node         the node selected, or null for every node of the source
 * @param nodes        the nodes whose events were counted
 * @param connNames    connection types, index for {@code peerNanos}
 * @param peerNanos    connected time per connection type (ns)
 * @param typeNames    message types in the order of the time blocks' groups
 */
public record TrafficSummary(String source, String node, List<String> nodes, long events, long startNanos, long endNanos,
                             List<Row> rows, long accepted, long connections, List<String> connNames, long[] peerNanos,
                             List<String> typeNames, List<Talker> talkers, long peers, boolean talkersExact,
                             int talkerCapacity, TimeBlocks.Series blocks) {

    /** Messages of one type, direction and connection type. */
    public record Row(String msgType, Direction direction, String connType, Counts counts) {
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }

    public double seconds() {
        return durationNanos() / 1e9;
    }

    /** Connected time of all connections in the window (ns). */
    public long connectedNanos() {
        long total = 0;
        for (long n : peerNanos) {
            total += n;
        }
        return total;
    }

    public double peerHours() {
        return connectedNanos() / 3.6e12;
    }

    /** Peer-hours of connections of one type (0 when none). */
    public double peerHours(String connType) {
        int i = connNames.indexOf(connType);
        return i < 0 ? 0 : peerNanos[i] / 3.6e12;
    }

    /** Rows summed by a label (message type, direction, connection type), most payload bytes first. */
    public Map<String, Counts> by(Function<Row, String> label) {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(label.apply(r), k -> new Counts()).add(r.counts());
        }
        Map<String, Counts> sorted = new LinkedHashMap<>();
        out.entrySet().stream().sorted((a, b) -> {
            int c = Long.compare(b.getValue().payloadBytes(), a.getValue().payloadBytes());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        }).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public Counts total() {
        Counts c = new Counts();
        rows.forEach(r -> c.add(r.counts()));
        return c;
    }

    /** The transaction-relay messages ({@link TxRelay}), both directions. */
    public Counts txRelay() {
        Counts c = new Counts();
        rows.stream().filter(r -> TxRelay.counts(r.msgType())).forEach(r -> c.add(r.counts()));
        return c;
    }

    /** Rows, most payload bytes first (ties: by type, direction, connection type). */
    public List<Row> sortedRows() {
        return rows.stream().sorted((a, b) -> {
            int c = Long.compare(b.counts().payloadBytes(), a.counts().payloadBytes());
            if (c != 0) {
                return c;
            }
            c = a.msgType().compareTo(b.msgType());
            if (c != 0) {
                return c;
            }
            c = a.direction().compareTo(b.direction());
            return c != 0 ? c : a.connType().compareTo(b.connType());
        }).toList();
    }

    /** {@code value} per second of the window, or NaN for an empty window. */
    public double perSecond(long value) {
        return durationNanos() == 0 ? Double.NaN : value / seconds();
    }

    /** {@code value} per peer-hour (of {@code connType}, or of all connections when null), or NaN when none. */
    public double perPeerHour(long value, String connType) {
        double h = connType == null ? peerHours() : peerHours(connType);
        return h == 0 ? Double.NaN : value / h;
    }

    /** {@code value} per accepted transaction, or NaN when none was accepted. */
    public double perAcceptedTx(long value) {
        return accepted == 0 ? Double.NaN : (double) value / accepted;
    }

    /** What was read, for headings: the source, and the node when one was chosen. */
    public String label() {
        return node == null ? source : source + "@" + node;
    }
}
