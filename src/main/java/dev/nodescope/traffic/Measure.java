package dev.nodescope.traffic;

/** Which bytes a comparison weighs: payloads as traced, or wire bytes under an assumed transport. */
public enum Measure {
    PAYLOAD("payload", null), WIRE_V1("wire-v1", Transport.V1), WIRE_V2("wire-v2", Transport.V2);

    private final String label;
    private final Transport transport;

    Measure(String label, Transport transport) {
        this.label = label;
        this.transport = transport;
    }

    /** The transport assumed, or null for payload bytes. */
    public Transport transport() {
        return transport;
    }

    public static Measure byLabel(String label) {
        for (Measure m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
