package dev.nodescope.traffic;

/** Whether the node received a message (net:inbound_message) or sent it (net:outbound_message). */
public enum Direction {
    RECEIVED("received"), SENT("sent");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
