package dev.nodescope.watch;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fixture's play lines turned into events without the fixture, on a simulated clock that the
 * {@code sleep} lines advance: hours of a scenario in seconds, for false-positive tests of the
 * detectors. Only the tracepoints the watch detectors read are made (connections, messages with
 * their payloads, blocks, mempool); what the kernel would add (pids, threads' ids) is fixed.
 */
final class PlayedLines extends Writer {
    private static final int PAYLOAD_MAX = 65_536;

    private final Consumer<Event> sink;
    private final StringBuilder line = new StringBuilder();
    private long now;
    private String thread = "b-msghand";
    private long seq;

    PlayedLines(long startEpochNanos, Consumer<Event> sink) {
        this.now = startEpochNanos;
        this.sink = sink;
    }

    /** The simulated time (epoch ns). */
    long now() {
        return now;
    }

    @Override
    public void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                play(line.toString());
                line.setLength(0);
            } else {
                line.append(buf[i]);
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    private void play(String text) {
        List<String> t = tokens(text);
        if (t.isEmpty()) {
            return;
        }
        switch (t.getFirst()) {
            case "sleep" -> now += Long.parseLong(t.get(1)) * 1_000_000L;
            case "thread" -> thread = t.get(1);
            case "net:inbound_connection" -> sink.accept(new InboundConnection(meta(), num(t, 1), t.get(2), t.get(3), Network.fromName(t.get(4)), num(t, 5)));
            case "net:outbound_connection" -> sink.accept(new OutboundConnection(meta(), num(t, 1), t.get(2), t.get(3), Network.fromName(t.get(4)), num(t, 5)));
            case "net:closed_connection" -> sink.accept(new ClosedConnection(meta(), num(t, 1), t.get(2), t.get(3), Network.fromName(t.get(4)), num(t, 5)));
            case "net:evicted_inbound_connection" ->
                    sink.accept(new EvictedInboundConnection(meta(), num(t, 1), t.get(2), t.get(3), Network.fromName(t.get(4)), num(t, 5)));
            case "net:misbehaving_connection" -> sink.accept(new MisbehavingConnection(meta(), num(t, 1), t.get(2)));
            case "net:inbound_message", "net:outbound_message" -> {
                long size = num(t, 5);
                String spec = t.get(6);
                byte[] payload = spec.startsWith("hex:") ? HexFormat.of().parseHex(spec.substring(4)) : new byte[0];
                if (payload.length > PAYLOAD_MAX) {
                    payload = java.util.Arrays.copyOf(payload, PAYLOAD_MAX);
                }
                boolean cut = payload.length < size;
                sink.accept(t.getFirst().equals("net:inbound_message")
                        ? new InboundMessage(meta(), num(t, 1), t.get(2), t.get(3), t.get(4), size, payload.length, cut, payload)
                        : new OutboundMessage(meta(), num(t, 1), t.get(2), t.get(3), t.get(4), size, payload.length, cut, payload));
            }
            case "validation:block_connected" ->
                    sink.accept(new BlockConnected(meta(), t.get(1), (int) num(t, 2), num(t, 3), (int) num(t, 4), num(t, 5), num(t, 6)));
            case "mempool:added" -> sink.accept(new MempoolAdded(meta(), t.get(1), (int) num(t, 2), num(t, 3)));
            case "mempool:removed" -> sink.accept(new MempoolRemoved(meta(), t.get(1), t.get(2), (int) num(t, 3), num(t, 4), num(t, 5)));
            case "mempool:rejected" -> sink.accept(new MempoolRejected(meta(), t.get(1), t.get(2)));
            case "mempool:replaced" -> sink.accept(new MempoolReplaced(meta(), t.get(1), (int) num(t, 2), num(t, 3), num(t, 4), t.get(5),
                    (int) num(t, 6), num(t, 7), t.size() > 8 ? Boolean.parseBoolean(t.get(8)) : null));
            default -> {
                // wait-attached, utxocache, coin selection: nothing the detectors read
            }
        }
    }

    private EventMeta meta() {
        return new EventMeta("demo", 4242, 4243, thread, now - WatchEngineTest.T0, now, seq++);
    }

    private static long num(List<String> t, int i) {
        return Long.parseLong(t.get(i));
    }

    /** Blank-separated tokens; "quoted" ones with the escapes \" and \\. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            StringBuilder tok = new StringBuilder();
            if (c == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char d = text.charAt(i++);
                    tok.append(d == '\\' && i < n ? text.charAt(i++) : d);
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                    tok.append(text.charAt(i++));
                }
            }
            out.add(tok.toString());
        }
        return out;
    }
}
