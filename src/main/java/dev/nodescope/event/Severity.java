package dev.nodescope.event;

/** How urgent an alert is; Alertmanager routes on the same three words. */
public enum Severity implements JsonName {
    INFO, WARNING, CRITICAL;

    @Override
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The severity named {@code text} (info, warning, critical), or null. */
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.jsonName().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
