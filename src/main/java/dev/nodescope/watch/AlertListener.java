package dev.nodescope.watch;

import dev.nodescope.event.Alert;

/** Hears every alert the engine emits, on the stream's thread; must not block (sinks queue). */
public interface AlertListener {
    void onAlert(Alert alert);

    /** The signal of an open alert was measured again (for backtest plots); most listeners ignore it. */
    default void onSignal(String alert, Subject subject, long now, double signal, double threshold) {
    }
}
