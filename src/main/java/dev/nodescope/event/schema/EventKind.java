package dev.nodescope.event.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an event type (or the sealed interface of a family of them) says about itself beyond its
 * fields: the C record the BPF program writes for it, and, for events of nodescope itself, the
 * record field that holds its body in archives (tracepoint events use 16 + tracepoint id).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventKind {
    /** The struct in src/main/bpf/nodescope.h, without {@code struct}; empty for events of nodescope itself. */
    String struct() default "";

    /** Archive record field of a tool event's body (docs/archive.proto's {@code Record}); 0 for tracepoint events. */
    int wire() default 0;
}
