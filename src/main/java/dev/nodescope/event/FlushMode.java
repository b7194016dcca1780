package dev.nodescope.event;

/** Bitcoin Core's {@code FlushStateMode} (3 was named ALWAYS up to v30; 4 is new in v31). */
public enum FlushMode {
    NONE, IF_NEEDED, PERIODIC, FORCE_FLUSH, FORCE_SYNC,
    /** A value this version of nodescope does not know (a newer bitcoind). */
    UNKNOWN;

    private static final FlushMode[] KNOWN = {NONE, IF_NEEDED, PERIODIC, FORCE_FLUSH, FORCE_SYNC};

    public static FlushMode fromCode(long code) {
        return code >= 0 && code < KNOWN.length ? KNOWN[(int) code] : UNKNOWN;
    }
}
