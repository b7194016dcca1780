package dev.nodescope.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes events as CSV (RFC 4180), one table per event type because each type has its own
 * fields. Columns are the JSON fields of the public schema in their order, so CSV and JSON lines
 * never disagree on names or values: each event is written as JSON, then laid out as a row.
 * Lists (the tracepoints of nodescope:attached) are joined with spaces.
 */
public final class EventCsv implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Function<String, OutputStream> outputFor;
    private final boolean payloadHex;
    private final ByteArrayOutputStream json = new ByteArrayOutputStream(512);
    private final EventJson jsonWriter;
    private final Map<String, Table> tables = new HashMap<>();

    private record Table(OutputStream out, List<String> columns) {
    }

    /**
     * @param outputFor  the stream for an event type's table (e.g. a file per type), asked once per type
     * @param payloadHex whether message events get a payload_hex column
     */
    public EventCsv(Function<String, OutputStream> outputFor, boolean payloadHex) {
        this.outputFor = outputFor;
        this.payloadHex = payloadHex;
        this.jsonWriter = new EventJson(json, payloadHex, false);
    }

    public void write(Event e) {
        json.reset();
        jsonWriter.write(e);
        jsonWriter.flush();
        Map<String, String> fields = fields(json.toByteArray());
        try {
            Table t = tables.get(e.name());
            if (t == null) {
                List<String> columns = new ArrayList<>(fields.keySet());
                if (payloadHex && e instanceof MessageEvent && !columns.contains("payload_hex")) {
                    columns.add("payload_hex");
                }
                t = new Table(outputFor.apply(e.name()), columns);
                tables.put(e.name(), t);
                row(t.out, columns);
            }
            List<String> values = new ArrayList<>(t.columns.size());
            for (String c : t.columns) {
                values.add(fields.getOrDefault(c, ""));
            }
            row(t.out, values);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, String> fields(byte[] line) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(line)) {
            p.nextToken(); // the object
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    StringBuilder joined = new StringBuilder();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        joined.append(joined.isEmpty() ? "" : " ").append(p.getText());
                    }
                    out.put(name, joined.toString());
                } else if (t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    out.put(name, t == JsonToken.VALUE_NULL ? "" : p.getText());
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    private static void row(OutputStream out, List<String> values) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String v = values.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                line.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                line.append(v);
            }
        }
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
