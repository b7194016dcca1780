package dev.nodescope.event;

/**
 * Where an alert is in its life: {@code pending} while its condition has not yet held for the
 * detector's {@code for} time, {@code firing} once it has, {@code resolved} when it has been clear
 * for the clear time or its subject is gone (a pending alert that clears is resolved too, so every
 * alert that began also ends).
 */
public enum AlertState implements JsonName {
    PENDING, FIRING, RESOLVED;

    @Override
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
