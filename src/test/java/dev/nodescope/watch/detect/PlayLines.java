package dev.nodescope.watch.detect;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fixture's play lines of the P2P tracepoints as the events nodescope would make of them, with
 * the times the fixture's sleeps give (from {@code start}), without BPF: a false-positive check can
 * then run an hour of the busy node in a second. Other tracepoint lines are skipped.
 */
final class PlayLines {
    private PlayLines() {
    }

    static void play(List<String> lines, long start, Consumer<Event> out) {
        long t = start;
        long seq = 0;
        for (String line : lines) {
            List<String> w = tokens(line);
            if (w.isEmpty()) {
                continue;
            }
            switch (w.getFirst()) {
                case "sleep" -> t += Long.parseLong(w.get(1)) * 1_000_000L;
                case "net:inbound_connection", "net:outbound_connection", "net:closed_connection", "net:evicted_inbound_connection" -> {
                    EventMeta m = meta(t, seq++);
                    long id = Long.parseLong(w.get(1));
                    Network net = network(w.get(4));
                    long last = Long.parseLong(w.get(5));
                    out.accept(switch (w.getFirst()) {
                        case "net:inbound_connection" -> new InboundConnection(m, id, w.get(2), w.get(3), net, last);
                        case "net:outbound_connection" -> new OutboundConnection(m, id, w.get(2), w.get(3), net, last);
                        case "net:closed_connection" -> new ClosedConnection(m, id, w.get(2), w.get(3), net, last);
                        default -> new EvictedInboundConnection(m, id, w.get(2), w.get(3), net, last);
                    });
                }
                case "net:misbehaving_connection" -> out.accept(new MisbehavingConnection(meta(t, seq++), Long.parseLong(w.get(1)), w.get(2)));
                case "net:inbound_message", "net:outbound_message" -> {
                    String spec = w.get(6);
                    byte[] payload = spec.startsWith("hex:") ? HexFormat.of().parseHex(spec.substring(4)) : new byte[Integer.parseInt(w.get(5))];
                    EventMeta m = meta(t, seq++);
                    long id = Long.parseLong(w.get(1));
                    out.accept(w.getFirst().equals("net:inbound_message")
                            ? new InboundMessage(m, id, w.get(2), w.get(3), w.get(4), payload.length, payload.length, false, payload)
                            : new OutboundMessage(m, id, w.get(2), w.get(3), w.get(4), payload.length, payload.length, false, payload));
                }
                default -> {
                }
            }
        }
    }

    private static EventMeta meta(long t, long seq) {
        return new EventMeta("n1", 42, 43, "b-msghand", t % 1_000_000_000_000L, t, seq);
    }

    private static Network network(String name) {
        for (Network n : Network.values()) {
            if (n.jsonName().equals(name) || n.name().equalsIgnoreCase(name)) {
                return n;
            }
        }
        return Network.values()[Integer.parseInt(name)];
    }

    /** Blank-separated tokens; "quoted" with \" and \\ escapes. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length()) {
                        d = line.charAt(++i);
                    }
                    sb.append(d);
                }
                out.add(sb.toString());
                i++;
            } else {
                int end = i;
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                out.add(line.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
