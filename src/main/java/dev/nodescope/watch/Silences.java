package dev.nodescope.watch;

import dev.nodescope.error.UserException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --silence ALERT[:SUBJECT]}: alerts that are tracked but never emitted, for a detector
 * (addr_flood) or one subject of it (addr_flood:peer:7, inbound_sybil:netgroup:203.0.113.0/16).
 */
public final class Silences {
    public static final Silences NONE = new Silences(Set.of(), Set.of());

    private final Set<String> alerts;
    private final Set<String> subjects;

    private Silences(Set<String> alerts, Set<String> subjects) {
        this.alerts = alerts;
        this.subjects = subjects;
    }

    /** From the command line; an unknown detector name is a user error. */
    public static Silences parse(List<String> specs, Set<String> known) {
        Set<String> alerts = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String alert = colon < 0 ? spec : spec.substring(0, colon);
            if (!known.contains(alert)) {
                throw new UserException("--silence " + spec + ": no detector '" + alert + "' (detectors: " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
            if (colon < 0) {
                alerts.add(alert);
            } else {
                subjects.add(spec);
            }
        }
        return new Silences(Set.copyOf(alerts), Set.copyOf(subjects));
    }

    boolean covers(String alert, String subject) {
        return alerts.contains(alert) || (!subjects.isEmpty() && subjects.contains(alert + ":" + subject));
    }
}
