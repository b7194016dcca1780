package dev.nodescope.event.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field tables of docs/event-schema.md, made from the declarations: the page carries them
 * between two marker lines and SchemaDocTest fails when they differ from what this makes.
 * {@code java -cp target/classes dev.nodescope.event.schema.SchemaDoc} prints them.
 */
public final class SchemaDoc {
    public static final String BEGIN = "<!-- BEGIN field tables: made from the event declarations by dev.nodescope.event.schema.SchemaDoc; do not edit by hand -->";
    public static final String END = "<!-- END field tables -->";

    private SchemaDoc() {
    }

    /** The tables, marker lines included. */
    public static String markdown() {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n### Envelope (every event)\n\n| field | type | meaning |\n|---|---|---|\n");
        for (EnvelopeField f : EventSchema.ENVELOPE) {
            md.append("| `").append(f.json()).append("` | ").append(f.type()).append(" | ").append(f.doc()).append(" |\n");
        }
        // types with the same fields (inbound and outbound messages...) share a table
        Map<String, List<EventSpec>> groups = new LinkedHashMap<>();
        for (EventSpec spec : EventSchema.all()) {
            groups.computeIfAbsent(signature(spec), k -> new ArrayList<>()).add(spec);
        }
        for (List<EventSpec> group : groups.values()) {
            EventSpec first = group.getFirst();
            md.append("\n### ");
            for (int i = 0; i < group.size(); i++) {
                md.append(i == 0 ? "" : ", ").append('`').append(group.get(i).name()).append('`');
            }
            md.append("\n\n");
            md.append(first.struct().isEmpty() ? "Archive record field " + first.wire() + "."
                    : "C record `struct " + first.struct() + "`; archive record field "
                    + String.join(", ", group.stream().map(s -> Integer.toString(s.wire())).toList()) + ".");
            md.append("\n\n| field (JSON) | type | unit | archive | C member | meaning |\n|---|---|---|--:|---|---|\n");
            for (FieldSpec f : first.fields()) {
                md.append("| ").append(f.inJson() ? "`" + f.jsonName() + "`" : "(" + f.name() + ", not in JSON)")
                        .append(" | ").append(f.jsonType())
                        .append(" | ").append(f.unit())
                        .append(" | ").append(f.wire()).append(", ").append(f.encoding().name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ").append(f.cMember().isEmpty() ? "" : "`" + f.cMember() + "`")
                        .append(" | ").append(f.doc().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return md.append('\n').append(END).append('\n').toString();
    }

    private static String signature(EventSpec spec) {
        StringBuilder sb = new StringBuilder(spec.struct()).append('/').append(spec.tracepoint() == null ? "tool" + spec.wire() : "tp");
        for (FieldSpec f : spec.fields()) {
            sb.append('|').append(f.name()).append(f.doc());
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
