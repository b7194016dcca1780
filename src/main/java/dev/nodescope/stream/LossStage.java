package dev.nodescope.stream;

import java.util.Optional;

/**
 * Where an event (or part of it) was lost on its way from the node to a tool: the {@code stage}
 * of {@code nodescope:loss} events (docs/event-schema.md). Each source reports the stages it has:
 * the live extractor the kernel's and its own decode, an archive what was recorded plus the
 * records of damaged blocks (decode), a network source its queue and publish losses.
 */
public enum LossStage {
    /** The ring buffer was full: the event never reached user space. */
    RING_RESERVE("ring_reserve", true),
    /** The event arrived without its P2P payload (no room in the ring for its size class). */
    PAYLOAD_DROPPED("payload_dropped", false),
    /** A string or payload could not be read from the traced process: the event arrived without it. */
    READ_USER("read_user", false),
    /** A string or payload was cut at its limit. */
    TRUNCATED("truncated", false),
    /** A record user space could not decode (live), or a damaged archive block's records (replay). */
    DECODE("decode", true),
    /** A publisher's outbox overflowed (the NATS server unreachable too long, or slower than the node): never sent. */
    QUEUE("queue", true),
    /** A publisher sent it but the server did not take it (JetStream refused or did not acknowledge it). */
    PUBLISH("publish", true),
    /** Published, but never reached this consumer: the server dropped it for a slow consumer, or it fell in a gap. */
    CONSUME("consume", true);

    private static final LossStage[] VALUES = values();
    private final String jsonName;
    private final boolean eventLost;

    LossStage(String jsonName, boolean eventLost) {
        this.jsonName = jsonName;
        this.eventLost = eventLost;
    }

    /** The name in {@code nodescope:loss} events, summaries and metric labels. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether the event itself is gone (else it arrived with less than it had). */
    public boolean eventLost() {
        return eventLost;
    }

    public static Optional<LossStage> byName(String jsonName) {
        for (LossStage s : VALUES) {
            if (s.jsonName.equals(jsonName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
