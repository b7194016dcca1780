package dev.nodescope.event;

/** Bitcoin Core's {@code enum Network}, as passed by the connection tracepoints. */
public enum Network implements JsonName {
    UNROUTABLE("unroutable"),
    IPV4("ipv4"),
    IPV6("ipv6"),
    ONION("onion"),
    I2P("i2p"),
    CJDNS("cjdns"),
    INTERNAL("internal"),
    /** A value this version of nodescope does not know (a newer bitcoind). */
    UNKNOWN("unknown");

    private static final Network[] KNOWN = {UNROUTABLE, IPV4, IPV6, ONION, I2P, CJDNS, INTERNAL};
    private final String jsonName;

    Network(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    public static Network fromCode(long code) {
        return code >= 0 && code < KNOWN.length ? KNOWN[(int) code] : UNKNOWN;
    }

    public static Network fromName(String name) {
        for (Network n : values()) {
            if (n.jsonName.equals(name)) {
                return n;
            }
        }
        return UNKNOWN;
    }
}
