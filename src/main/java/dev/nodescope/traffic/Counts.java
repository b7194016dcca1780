package dev.nodescope.traffic;

/**
 * Messages and their bytes, with what is needed to estimate the wire bytes under either transport
 * ({@link Transport}): how many of the messages have no BIP324 short id.
 */
public final class Counts {
    long messages;
    long payloadBytes;
    long longIdMessages;

    void add(long size, boolean longId) {
        messages++;
        payloadBytes += size;
        if (longId) {
            longIdMessages++;
        }
    }

    void add(Counts other) {
        messages += other.messages;
        payloadBytes += other.payloadBytes;
        longIdMessages += other.longIdMessages;
    }

    public long messages() {
        return messages;
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    /** Payload plus headers, as if every message went over {@code t}. */
    public long wireBytes(Transport t) {
        return switch (t) {
            case V1 -> payloadBytes + (long) Transport.V1_HEADER * messages;
            case V2 -> payloadBytes + (long) (Transport.V2_FRAME + Transport.V2_SHORT_ID) * messages
                    + (long) (Transport.V2_LONG_ID - Transport.V2_SHORT_ID) * longIdMessages;
        };
    }

    /** The bytes a comparison measures. */
    public long bytes(Measure m) {
        return m.transport() == null ? payloadBytes : wireBytes(m.transport());
    }
}
