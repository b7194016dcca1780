package dev.nodescope.watch;

import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;

/**
 * How one detector tells the engine what it sees. {@link #active} while its condition holds for a
 * subject (on every event or tick that shows it: the engine turns pending into firing once it has
 * held for the detector's {@code for} time), {@link #clear} when it does not (a firing alert
 * resolves once clear for the clear time), {@link #gone} when the subject went away (resolves at
 * once). Calls for subjects without an open alert are cheap: {@link #clear} on such a subject does
 * nothing.
 */
public final class Alerts {
    private final Lifecycle lifecycle;
    private final Settings settings;

    Alerts(Lifecycle lifecycle, Settings settings) {
        this.lifecycle = lifecycle;
        this.settings = settings;
    }

    /**
     * The condition holds for {@code subject} at {@code now}.
     *
     * @param summary   one human sentence with the numbers
     * @param evidence  the measured values and the thresholds they crossed
     * @param signal    the one number the detector compares (plotted in backtest reports)
     * @param threshold what {@code signal} crossed
     */
    public void active(Subject subject, long now, String summary, Evidence evidence, double signal, double threshold) {
        lifecycle.active(settings, settings.severity(), subject, now, summary, evidence, signal, threshold);
    }

    /** As {@link #active(Subject, long, String, Evidence, double, double)}, at another severity than the detector's. */
    public void active(Subject subject, Severity severity, long now, String summary, Evidence evidence, double signal, double threshold) {
        lifecycle.active(settings, severity, subject, now, summary, evidence, signal, threshold);
    }

    /** The condition does not hold for {@code subject} at {@code now}; {@code signal} is what was measured (NaN: not given). */
    public void clear(Subject subject, long now, double signal) {
        lifecycle.clear(settings, subject, now, signal);
    }

    public void clear(Subject subject, long now) {
        lifecycle.clear(settings, subject, now, Double.NaN);
    }

    /** The subject is gone: an open alert about it resolves now, saying {@code why}. */
    public void gone(Subject subject, long now, String why) {
        lifecycle.gone(settings.spec().name(), subject, now, why);
    }

    /** Whether this detector has an alert (pending or firing) open about {@code subject}. */
    public boolean isOpen(Subject subject) {
        return lifecycle.isOpen(settings.spec().name(), subject);
    }
}
