package dev.nodescope.event.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one declaration of an event field: on the record component, or on the accessor of the
 * sealed interface that several records share ({@code MessageEvent.peerId()}). Its name is the
 * component's name in snake_case; its type is the component's Java type. The JSON, CSV and
 * archive codecs, the text line and docs/event-schema.md are derived from or checked against
 * these ({@link EventSchema}); so are the C record (src/main/bpf/nodescope.h) and docs/archive.proto.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface EventField {
    /** In the JSON name: the field is not written to JSON or CSV. */
    String NOT_IN_JSON = "-";

    /** What the field means, one line (docs/event-schema.md's tables are made of these). */
    String doc();

    /** Unit of a number ({@code sat}, {@code vB}, {@code ns}, {@code epoch s}, {@code bytes}); empty when none. */
    String unit() default "";

    /** Field number in the event's body in archives (docs/archive.proto); never reused nor renumbered. */
    int wire();

    /** How the archive stores it; {@link WireEncoding#AUTO} follows from the Java type. */
    WireEncoding encoding() default WireEncoding.AUTO;

    /** The member of the event's C record ({@link EventKind#struct()}) it is read from; empty when none. */
    String c() default "";

    /** The JSON and CSV name when it is not the field's name; {@link #NOT_IN_JSON} when not written there. */
    String json() default "";

    /**
     * In JSON and CSV, the field it follows when not the one before it in the record (a field added
     * at the end of a record that the public schema has long shown elsewhere); empty: record order.
     */
    String jsonAfter() default "";

    /** Whether the one-line text format ({@code log --format text}) shows it. */
    boolean text() default true;
}
