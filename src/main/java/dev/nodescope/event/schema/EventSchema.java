package dev.nodescope.event.schema;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event type with its declared fields ({@link EventField}, {@link EventKind}), read once from
 * the records of dev.nodescope.event: the single source the codecs, the docs and the C layout are
 * derived from or checked against. Types are in the order of the sealed hierarchy: the tracepoint
 * events, then nodescope's own.
 */
public final class EventSchema {
    /** Record field of a tracepoint event's body in archives: this + the tracepoint id. */
    public static final int TRACEPOINT_WIRE_BASE = 16;

    /** The envelope of every event, in the order JSON lines and CSV rows carry it. */
    public static final List<EnvelopeField> ENVELOPE = List.of(
            new EnvelopeField("event", "string", "`context:name` exactly as the tracepoint, e.g. `net:inbound_message`; `nodescope:*` for events of the tool itself"),
            new EnvelopeField("node", "string", "node label (`--node`, default: host name)"),
            new EnvelopeField("pid", "int", "process id of the traced bitcoind"),
            new EnvelopeField("thread", "string", "name of the bitcoind thread that hit the tracepoint (e.g. `b-msghand`), from the kernel"),
            new EnvelopeField("time", "string", "UTC wall time, ISO-8601 with nanoseconds, derived from the kernel timestamp"),
            new EnvelopeField("mono_ns", "int", "kernel monotonic timestamp taken inside the BPF program"),
            new EnvelopeField("seq", "int", "per-source sequence number, strictly increasing in delivery order"));

    private static final Map<Class<?>, EventSpec> BY_TYPE = load();
    private static final List<EventSpec> ALL = List.copyOf(BY_TYPE.values());

    private EventSchema() {
    }

    /** Every event type: tracepoint events in tracepoint order, then events of nodescope itself. */
    public static List<EventSpec> all() {
        return ALL;
    }

    public static EventSpec of(Class<? extends Event> type) {
        EventSpec spec = BY_TYPE.get(type);
        if (spec == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event record");
        }
        return spec;
    }

    public static EventSpec of(Event e) {
        return of(e.getClass());
    }

    public static EventSpec of(Tracepoint tp) {
        return of(tp.eventType());
    }

    /** The type whose body is archive record field {@code wire}, or null. */
    public static EventSpec byWire(int wire) {
        for (EventSpec s : ALL) {
            if (s.wire() == wire) {
                return s;
            }
        }
        return null;
    }

    /** {@code peerId} → {@code peer_id}. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Map<Class<?>, EventSpec> load() {
        List<Class<?>> records = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(Event.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (c.isRecord()) {
                records.add(c);
            } else {
                Collections.addAll(todo, c.getPermittedSubclasses());
            }
        }
        List<EventSpec> specs = new ArrayList<>();
        for (Class<?> c : records) {
            specs.add(spec(c.asSubclass(Event.class)));
        }
        // tracepoint events by id, then tool events by record field
        specs.sort((a, b) -> Integer.compare(a.wire(), b.wire()));
        Map<Class<?>, EventSpec> out = new LinkedHashMap<>();
        for (EventSpec s : specs) {
            out.put(s.type(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static EventSpec spec(Class<? extends Event> type) {
        Tracepoint tp = null;
        for (Tracepoint t : Tracepoint.values()) {
            if (t.eventType() == type) {
                tp = t;
            }
        }
        EventKind kind = find(type);
        String name;
        int wire;
        if (TracepointEvent.class.isAssignableFrom(type)) {
            if (tp == null) {
                throw new IllegalStateException(type.getName() + " is a tracepoint event that no Tracepoint constant names");
            }
            name = tp.fullName();
            wire = TRACEPOINT_WIRE_BASE + tp.id();
        } else {
            try {
                name = (String) type.getField("NAME").get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getName() + " needs a public static NAME", e);
            }
            if (kind == null || kind.wire() == 0) {
                throw new IllegalStateException(type.getName() + " needs @EventKind(wire = ...)");
            }
            wire = kind.wire();
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0 || components[0].getType() != EventMeta.class) {
            throw new IllegalStateException(type.getName() + " must start with its EventMeta");
        }
        List<FieldSpec> fields = new ArrayList<>();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        parameterTypes[0] = EventMeta.class;
        for (int i = 1; i < components.length; i++) {
            RecordComponent rc = components[i];
            parameterTypes[i] = rc.getType();
            EventField f = declaration(type, rc);
            String snake = snake(rc.getName());
            String json = f.json().isEmpty() ? snake : f.json().equals(EventField.NOT_IN_JSON) ? null : f.json();
            fields.add(new FieldSpec(snake, rc.getName(), rc.getType(), f.doc(), f.unit(), f.wire(),
                    FieldSpec.resolve(f.encoding(), rc.getType()), f.c(), json, f.jsonAfter(), f.text(), rc.getAccessor()));
        }
        try {
            // (Object[] all components) -> Object: one call per event, without boxing the array again
            var constructor = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, parameterTypes.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new EventSpec(type, name, tp, kind == null ? "" : kind.struct(), wire, List.copyOf(fields), constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The component's own declaration, or that of the interface accessor it implements. */
    private static EventField declaration(Class<?> type, RecordComponent rc) {
        EventField own = rc.getAnnotation(EventField.class);
        if (own != null) {
            return own;
        }
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type.getInterfaces()));
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            try {
                Method m = i.getMethod(rc.getName());
                EventField f = m.getAnnotation(EventField.class);
                if (f != null && m.getDeclaringClass() == i) {
                    return f;
                }
            } catch (NoSuchMethodException ignored) {
                // not declared there
            }
            Collections.addAll(todo, i.getInterfaces());
        }
        throw new IllegalStateException(type.getSimpleName() + "." + rc.getName()
                + " has no @EventField: declare it on the component (or on the interface accessor it implements)");
    }

    private static EventKind find(Class<?> type) {
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            EventKind k = c.getAnnotation(EventKind.class);
            if (k != null) {
                return k;
            }
            Collections.addAll(todo, c.getInterfaces());
        }
        return null;
    }
}
