package dev.nodescope.traffic;

/** What a comparison puts on its rows: message types, connection types, or the two directions. */
public enum Grouping {
    MSG_TYPE("msg_type"), CONN_TYPE("conn_type"), DIRECTION("direction");

    private final String label;

    Grouping(String label) {
        this.label = label;
    }

    public static Grouping byLabel(String label) {
        for (Grouping g : values()) {
            if (g.label.equals(label)) {
                return g;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
