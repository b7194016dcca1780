package dev.nodescope.event.schema;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Tracepoint;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One event type as declared: its name, its tracepoint (null for events of nodescope itself), the
 * C record it is read from, the archive record field of its body, and its fields in order.
 * {@code constructor} takes all record components as one {@code Object[]}, the envelope first.
 */
public record EventSpec(Class<? extends Event> type, String name, Tracepoint tracepoint, String struct, int wire,
                        List<FieldSpec> fields, MethodHandle constructor) {

    /** The fields JSON lines and CSV rows carry, in their order there. */
    public List<FieldSpec> jsonFields() {
        List<FieldSpec> out = new java.util.ArrayList<>();
        for (FieldSpec f : fields) {
            if (f.inJson() && f.jsonAfter().isEmpty()) {
                out.add(f);
            }
        }
        for (FieldSpec f : fields) {
            if (f.inJson() && !f.jsonAfter().isEmpty()) {
                int after = out.indexOf(field(f.jsonAfter()));
                out.add(after + 1, f);
            }
        }
        return List.copyOf(out);
    }

    /** The field named {@code name} (snake_case). */
    public FieldSpec field(String name) {
        for (FieldSpec f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no field " + name);
    }

    /** A new event of this type from its envelope and field values, in declaration order. */
    public Event create(EventMeta meta, Object... values) {
        Object[] args = new Object[values.length + 1];
        args[0] = meta;
        System.arraycopy(values, 0, args, 1, values.length);
        try {
            return (Event) (Object) constructor.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
