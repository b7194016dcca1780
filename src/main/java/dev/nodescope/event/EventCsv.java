package dev.nodescope.event;

import dev.nodescope.event.schema.EnvelopeField;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.event.schema.WireEncoding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes events as CSV (RFC 4180), one table per event type because each type has its own
 * fields. The columns are the JSON fields of the public schema in their order (the envelope, then
 * the fields the event's declaration puts in JSON), and the values their JSON values, so CSV and
 * JSON lines never disagree on names or values. Lists (the tracepoints of nodescope:attached) are
 * joined with spaces; null is an empty cell.
 */
public final class EventCsv implements AutoCloseable {
    private final Function<String, OutputStream> outputFor;
    private final boolean payloadHex;
    private final IsoTime time = new IsoTime();
    private final Map<Class<?>, Table> tables = new HashMap<>();
    private final StringBuilder line = new StringBuilder(512);

    /** A type's output and the declared fields it has columns for. */
    private record Table(OutputStream out, List<FieldSpec> fields) {
    }

    /**
     * @param outputFor  the stream for an event type's table (e.g. a file per type), asked once per type
     * @param payloadHex whether message events get a payload_hex column
     */
    public EventCsv(Function<String, OutputStream> outputFor, boolean payloadHex) {
        this.outputFor = outputFor;
        this.payloadHex = payloadHex;
    }

    public void write(Event e) {
        try {
            Table t = tables.get(e.getClass());
            if (t == null) {
                t = table(e);
                tables.put(e.getClass(), t);
            }
            EventMeta m = e.meta();
            line.setLength(0);
            cell(e.name(), true);
            cell(m.node(), false);
            cell(Integer.toString(m.pid()), false);
            cell(m.thread(), false);
            cell(time.format(m.epochNanos()), false);
            cell(Long.toString(m.monoNs()), false);
            cell(Long.toString(m.seq()), false);
            for (FieldSpec f : t.fields) {
                cell(FieldSpec.text(f.get(e)), false);
            }
            end(t.out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Table table(Event e) throws IOException {
        EventSpec spec = EventSchema.of(e);
        List<FieldSpec> fields = new ArrayList<>();
        for (FieldSpec f : spec.jsonFields()) {
            // bytes (the payload) only when asked for, as in JSON
            if (payloadHex || f.encoding() != WireEncoding.BYTES) {
                fields.add(f);
            }
        }
        Table t = new Table(outputFor.apply(spec.name()), List.copyOf(fields));
        line.setLength(0);
        boolean first = true;
        for (EnvelopeField f : EventSchema.ENVELOPE) {
            cell(f.json(), first);
            first = false;
        }
        for (FieldSpec f : fields) {
            cell(f.jsonName(), false);
        }
        end(t.out);
        return t;
    }

    private void cell(String v, boolean first) {
        if (!first) {
            line.append(',');
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            line.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            line.append(v);
        }
    }

    private void end(OutputStream out) throws IOException {
        line.append("\r\n");
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void flush() {
        try {
            for (Table t : tables.values()) {
                t.out.flush();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
