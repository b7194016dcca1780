package dev.nodescope.event;

/** An enum whose constants JSON (and CSV, and the docs) write by a name of their own rather than {@code name()}. */
public interface JsonName {
    String jsonName();
}
