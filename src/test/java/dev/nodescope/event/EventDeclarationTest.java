package dev.nodescope.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.archive.SyntheticEvents;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.event.schema.SchemaDoc;
import dev.nodescope.log.TextFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each event field is declared once (@EventField on the records); these hold every other face of
 * the events to those declarations: the hand-written JSON of the hot path, CSV, the text line and
 * docs/event-schema.md. (The binary codec: CodecDeclarationTest; the C records:
 * RecordDeclarationTest.)
 */
class EventDeclarationTest {
    /** Events of every kind with awkward values. */
    private static final List<Event> EVENTS = java.util.stream.Stream.concat(SyntheticEvents.mix(3_000, 21).stream(),
            SyntheticEvents.alerts(8_000_000_000L).stream()).toList();

    @Test
    void everyEventTypeIsDeclaredWholeAndOnce() {
        assertThat(EventSchema.all()).hasSize(Tracepoint.count() + 4); // attached, detached, loss, alert
        Set<Class<?>> seen = new HashSet<>();
        for (Event e : EVENTS) {
            seen.add(e.getClass());
        }
        assertThat(seen).as("the sample has every kind").hasSize(EventSchema.all().size());
        Set<String> names = new HashSet<>();
        Set<Integer> records = new HashSet<>();
        for (EventSpec spec : EventSchema.all()) {
            assertThat(names.add(spec.name())).as(spec.name()).isTrue();
            assertThat(records.add(spec.wire())).as(spec.name() + " record field").isTrue();
            if (spec.tracepoint() != null) {
                assertThat(spec.wire()).isEqualTo(EventSchema.TRACEPOINT_WIRE_BASE + spec.tracepoint().id());
                assertThat(spec.struct()).as(spec.name() + " C struct").startsWith("ns_");
            }
            Set<Integer> numbers = new HashSet<>();
            Set<String> json = new HashSet<>();
            for (FieldSpec f : spec.fields()) {
                assertThat(f.wire()).as(spec.name() + "." + f.name()).isPositive();
                assertThat(numbers.add(f.wire())).as(spec.name() + "." + f.name() + " number unique").isTrue();
                assertThat(f.doc()).as(spec.name() + "." + f.name() + " doc").isNotBlank();
                if (f.inJson()) {
                    assertThat(json.add(f.jsonName())).as(spec.name() + "." + f.jsonName()).isTrue();
                    assertThat(f.jsonName()).matches("[a-z][a-z0-9_]*");
                }
            }
        }
    }

    private static String json(List<Event> events, boolean payloadHex, boolean declared) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventJson json = new EventJson(out, payloadHex)) {
            for (Event e : events) {
                if (declared) {
                    json.writeFromDeclaration(e);
                } else {
                    json.write(e);
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theHandWrittenJsonIsWhatTheDeclarationsSay() {
        for (boolean payloadHex : new boolean[] {false, true}) {
            List<String> fast = json(EVENTS, payloadHex, false).lines().toList();
            List<String> declared = json(EVENTS, payloadHex, true).lines().toList();
            assertThat(fast).hasSize(EVENTS.size());
            for (int i = 0; i < fast.size(); i++) {
                assertThat(fast.get(i)).as(EVENTS.get(i).name() + " with payloadHex " + payloadHex).isEqualTo(declared.get(i));
            }
        }
    }

    @Test
    void csvHasTheJsonFieldsAndValues() throws Exception {
        Map<String, ByteArrayOutputStream> tables = new LinkedHashMap<>();
        try (EventCsv csv = new EventCsv(name -> tables.computeIfAbsent(name, k -> new ByteArrayOutputStream()), true)) {
            EVENTS.forEach(csv::write);
        }
        assertThat(tables).hasSize(EventSchema.all().size());
        Map<String, Iterator<List<String>>> rows = new HashMap<>();
        Map<String, List<String>> headers = new HashMap<>();
        for (var t : tables.entrySet()) {
            List<List<String>> parsed = parseCsv(t.getValue().toString(StandardCharsets.UTF_8));
            headers.put(t.getKey(), parsed.getFirst());
            rows.put(t.getKey(), parsed.subList(1, parsed.size()).iterator());
        }
        ObjectMapper mapper = new ObjectMapper();
        for (String line : json(EVENTS, true, false).lines().toList()) {
            JsonNode node = mapper.readTree(line);
            String name = node.get("event").asText();
            List<String> header = headers.get(name);
            List<String> row = rows.get(name).next();
            List<String> jsonNames = new ArrayList<>();
            node.fieldNames().forEachRemaining(jsonNames::add);
            // payload_hex is a column of every message row, a JSON field only where a payload was captured
            assertThat(header).as(name).containsAll(jsonNames);
            for (int c = 0; c < header.size(); c++) {
                JsonNode v = node.get(header.get(c));
                String expected = v == null || v.isNull() ? "" : v.isArray()
                        ? String.join(" ", v.valueStream().map(JsonNode::asText).toList()) : v.isObject() ? v.toString() : v.asText();
                assertThat(row.get(c)).as(name + "." + header.get(c)).isEqualTo(expected);
            }
        }
    }

    /** RFC 4180, as EventCsv writes it (quoted cells, doubled quotes, CRLF). */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++; // \n
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }

    /** A different value of the same type, different enough to show in any rendering. */
    private static Object changed(FieldSpec f, Object v) {
        if (f.isHash()) {
            String h = (String) v;
            return (h.charAt(0) == 'a' ? 'b' : 'a') + h.substring(1);
        }
        return switch (v) {
            case Long n -> n + 1_000_000_007L;
            case Integer n -> n + 1_000_007;
            case Boolean b when f.javaType() == Boolean.class -> !b;
            case Boolean b -> !b;
            case String s -> s + "z";
            case Enum<?> e -> e.getDeclaringClass().getEnumConstants()[(e.ordinal() + 1) % e.getDeclaringClass().getEnumConstants().length];
            case List<?> l -> {
                List<Object> more = new ArrayList<>(l);
                more.add("net:other");
                yield List.copyOf(more);
            }
            case null -> Boolean.FALSE; // the nullable boolean
            default -> throw new IllegalStateException(f.name());
        };
    }

    @Test
    void theTextLineShowsEveryFieldDeclaredForIt() {
        TextFormat text = new TextFormat(ZoneOffset.UTC, false);
        Map<Class<?>, Event> oneOfEach = new LinkedHashMap<>();
        for (Event e : EVENTS) {
            oneOfEach.putIfAbsent(e.getClass(), e);
        }
        for (Event e : oneOfEach.values()) {
            EventSpec spec = EventSchema.of(e);
            String line = text.format(e);
            for (int i = 0; i < spec.fields().size(); i++) {
                FieldSpec f = spec.fields().get(i);
                if (!f.inText()) {
                    continue;
                }
                Object[] values = new Object[spec.fields().size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = spec.fields().get(j).get(e);
                }
                values[i] = changed(f, values[i]);
                // Boolean.TRUE and null read the same ("by <id>"); only false shows ("by package <id>")
                if (f.javaType() == Boolean.class && !Boolean.FALSE.equals(values[i])) {
                    values[i] = Boolean.FALSE;
                    if (Boolean.FALSE.equals(spec.fields().get(i).get(e))) {
                        values[i] = Boolean.TRUE;
                    }
                }
                String other = text.format(spec.create(e.meta(), values));
                assertThat(other).as(spec.name() + "." + f.name() + " is declared shown in the text line").isNotEqualTo(line);
            }
        }
    }

    @Test
    void theSchemaPageCarriesTheTablesMadeFromTheDeclarations() throws Exception {
        String page = Files.readString(Path.of("docs/event-schema.md"));
        int begin = page.indexOf(SchemaDoc.BEGIN);
        int end = page.indexOf(SchemaDoc.END);
        assertThat(begin).as("docs/event-schema.md has the marker lines").isNotNegative();
        assertThat(page.substring(begin, end + SchemaDoc.END.length()) + "\n")
                .as("docs/event-schema.md is out of date: replace its field tables with the output of "
                        + "java -cp target/classes dev.nodescope.event.schema.SchemaDoc")
                .isEqualTo(SchemaDoc.markdown());
        // the summary tables name exactly the declared JSON fields of each event
        Matcher row = Pattern.compile("(?m)^\\| ((?:`[a-z_]+:[a-z_]+`(?:, )?)+) \\| (.*) \\|$").matcher(page.substring(0, begin));
        int rows = 0;
        while (row.find()) {
            List<String> fields = new ArrayList<>();
            String listed = row.group(2);
            for (String before = ""; !before.equals(listed); ) { // remarks in (nested) parentheses
                before = listed;
                listed = listed.replaceAll("\\([^()]*\\)", "");
            }
            Matcher name = Pattern.compile("`([a-z_]+)`").matcher(listed.split(";")[0]);
            while (name.find()) {
                fields.add(name.group(1));
            }
            fields.remove("decoded"); // made by --decode, not a field of the event
            Matcher event = Pattern.compile("`([a-z_]+:[a-z_]+)`").matcher(row.group(1));
            while (event.find()) {
                EventSpec spec = EventSchema.all().stream().filter(s -> s.name().equals(event.group(1))).findFirst().orElseThrow();
                assertThat(fields).as(spec.name() + " in the summary table")
                        .containsExactlyElementsOf(spec.jsonFields().stream().map(FieldSpec::jsonName).toList());
                rows++;
            }
        }
        assertThat(rows).isEqualTo(EventSchema.all().size());
    }
}
