package dev.nodescope.event.schema;

import dev.nodescope.event.Event;
import dev.nodescope.hex.Hex;
import dev.nodescope.event.JsonName;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One declared event field, resolved: its names, Java type, unit, meaning, archive number and
 * encoding, C member. {@link #get} reads it from an event (by reflection: for codecs derived from
 * the declaration and for the checks, not for the hot paths, which have their own code checked
 * against these).
 */
public record FieldSpec(String name, String component, Class<?> javaType, String doc, String unit, int wire,
                        WireEncoding encoding, String cMember, String jsonName, String jsonAfter, boolean inText,
                        Method accessor) {

    /** Whether JSON lines and CSV rows carry it. */
    public boolean inJson() {
        return jsonName != null;
    }

    public boolean isHash() {
        return encoding == WireEncoding.HASH;
    }

    /** The value of this field of {@code e} (an event of the type that declares it). */
    public Object get(Event e) {
        try {
            return accessor.invoke(e);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read " + component + " of " + e.getClass().getSimpleName(), ex);
        }
    }

    /**
     * A value of this field as CSV writes it, and as JSON writes it inside its quotes or as its
     * number: enums by their JSON name, lists joined by spaces, bytes in hex, evidence as its JSON object, null as "".
     */
    public static String text(Object value) {
        return switch (value) {
            case null -> "";
            case byte[] b -> Hex.encode(b);
            case List<?> l -> String.join(" ", l.stream().map(String::valueOf).toList());
            case JsonName n -> n.jsonName();
            case dev.nodescope.event.Evidence ev -> ev.toJson();
            case Enum<?> n -> n.name();
            default -> String.valueOf(value);
        };
    }

    /** The JSON type as docs/event-schema.md names it. */
    public String jsonType() {
        if (isHash()) {
            return "hash";
        }
        if (javaType == long.class || javaType == int.class) {
            return "int";
        }
        if (javaType == boolean.class) {
            return "bool";
        }
        if (javaType == Boolean.class) {
            return "bool or null";
        }
        if (javaType == byte[].class) {
            return "hex";
        }
        if (javaType == List.class) {
            return "list of strings";
        }
        if (javaType == dev.nodescope.event.Evidence.class) {
            return "object of numbers";
        }
        return "string";
    }

    static WireEncoding resolve(WireEncoding declared, Class<?> type) {
        if (declared != WireEncoding.AUTO) {
            return declared;
        }
        if (type == long.class || type == int.class) {
            return WireEncoding.INT64;
        }
        if (type == boolean.class) {
            return WireEncoding.BOOL;
        }
        if (type == Boolean.class) {
            return WireEncoding.TRI_STATE;
        }
        if (type == String.class) {
            return WireEncoding.STRING_REF;
        }
        if (type.isEnum()) {
            return WireEncoding.ORDINAL;
        }
        if (type == byte[].class) {
            return WireEncoding.BYTES;
        }
        if (type == List.class) {
            return WireEncoding.STRINGS;
        }
        if (type == dev.nodescope.event.Evidence.class) {
            return WireEncoding.MEASURES;
        }
        throw new IllegalStateException("no archive encoding for a field of type " + type.getName());
    }
}
