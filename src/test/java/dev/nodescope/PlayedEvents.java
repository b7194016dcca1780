package dev.nodescope;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.FlushMode;
import dev.nodescope.event.Network;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The events the fixture would produce for its play lines (src/fixture/README.md), without the
 * fixture: a simulated clock that {@code sleep} advances, the thread {@code thread} names. So
 * scenarios written for the stand-in node (the busy node, the attacks) feed tests and benchmarks
 * in no time: an hour of a busy node in a second. The arguments follow each tracepoint's fields in
 * declaration order (the fixture's order); P2P messages take a payload spec after their size.
 */
public final class PlayedEvents {
    private final String node;
    private final int pid;
    private long epochNanos;
    private final long monoOffset;
    private String thread = "b-msghand";
    private long seq;

    public PlayedEvents(String node, int pid, long startEpochNanos) {
        this.node = node;
        this.pid = pid;
        this.epochNanos = startEpochNanos;
        this.monoOffset = startEpochNanos - 1_000_000_000L;
    }

    /** The events of {@code lines}, in order. */
    public List<Event> play(Iterable<String> lines) {
        List<Event> out = new ArrayList<>();
        for (String line : lines) {
            Event e = line(line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** One line: its event, or null for a line that only moves the clock or names the thread. */
    public Event line(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        List<String> tok = tokens(t);
        String cmd = tok.getFirst();
        switch (cmd) {
            case "sleep" -> {
                epochNanos += Long.parseLong(tok.get(1)) * 1_000_000L;
                return null;
            }
            case "thread" -> {
                thread = tok.get(1);
                return null;
            }
            case "wait-attached", "wait-detached", "echo", "exit" -> {
                return null;
            }
            default -> {
            }
        }
        Tracepoint tp = Tracepoint.byFullName(cmd).orElseThrow(() -> new IllegalArgumentException("not a play line: " + line));
        EventSpec spec = EventSchema.of(tp);
        epochNanos += 1_000; // distinct times, as a real fixture's events have
        EventMeta meta = new EventMeta(node, pid, pid + 1, thread, epochNanos - monoOffset, epochNanos, seq++);
        List<FieldSpec> fields = spec.fields();
        Object[] values = new Object[fields.size()];
        int arg = 1;
        boolean message = cmd.endsWith("_message") && cmd.startsWith("net:");
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            if (message && (f.name().equals("captured") || f.name().equals("truncated") || f.name().equals("payload"))) {
                continue;
            }
            if (f.name().equals("replacement_is_tx") && arg >= tok.size()) {
                values[i] = true; // v29 defaults the 8th argument
                continue;
            }
            values[i] = value(f, tok.get(arg++));
        }
        if (message) {
            int size = ((Number) values[index(fields, "size")]).intValue();
            byte[] payload = payload(tok.get(arg), size);
            values[index(fields, "captured")] = size;
            values[index(fields, "truncated")] = false;
            values[index(fields, "payload")] = size == 0 ? null : payload; // the extractor gives no payload for an empty one
        }
        return spec.create(meta, values);
    }

    public long epochNanos() {
        return epochNanos;
    }

    private static int index(List<FieldSpec> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Object value(FieldSpec f, String text) {
        Class<?> type = f.javaType();
        if (type == long.class) {
            return Long.parseLong(text);
        }
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            return text.equals("true") || text.equals("1");
        }
        if (type == Network.class) {
            return text.chars().allMatch(Character::isDigit) ? Network.fromCode(Long.parseLong(text)) : Network.fromName(text);
        }
        if (type == FlushMode.class) {
            return FlushMode.fromCode(Long.parseLong(text));
        }
        if (text.equals("NULL")) {
            return "";
        }
        return text;
    }

    private static byte[] payload(String spec, int size) {
        byte[] b = new byte[size];
        if (spec.startsWith("hex:")) {
            byte[] given = HexFormat.of().parseHex(spec.substring(4));
            System.arraycopy(given, 0, b, 0, Math.min(given.length, size));
            for (int i = given.length; i < size; i++) {
                b[i] = (byte) ((i * 31 + 7) & 0xff);
            }
        } else if (spec.equals("pattern")) {
            for (int i = 0; i < size; i++) {
                b[i] = (byte) ((i * 31 + 7) & 0xff);
            }
        }
        return b;
    }

    /** Tokens as the fixture splits them: blanks between, "quoted" with \" \\ \n \t \r \0 \xHH. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            StringBuilder sb = new StringBuilder();
            if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i++);
                    if (d == '\\' && i < line.length()) {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case '0' -> sb.append('\0');
                            case 'x' -> {
                                sb.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> sb.append(e);
                        }
                    } else {
                        sb.append(d);
                    }
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    sb.append(line.charAt(i++));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
