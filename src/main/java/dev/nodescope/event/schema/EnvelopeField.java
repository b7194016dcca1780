package dev.nodescope.event.schema;

/** One field of the envelope every event has (EventMeta), as JSON and CSV name it. */
public record EnvelopeField(String json, String type, String doc) {
}
