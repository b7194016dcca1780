package dev.nodescope.watch;

import dev.nodescope.event.AlertState;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The life of every open alert, one per (detector, node, subject): pending until its condition has
 * held for the detector's {@code for} time, then firing; resolved once clear for the clear time
 * (hysteresis: a condition that comes back while clearing keeps the alert firing, with no new
 * event), at once when a pending alert clears, or at once when its subject is gone. Silenced
 * alerts live the same life without being emitted. At most {@link #MAX_OPEN} are open; more are
 * counted and not tracked.
 */
final class Lifecycle {
    static final int MAX_OPEN = 10_000;

    /** Where the engine turns a state change into an event. */
    interface Emitter {
        void emit(String alert, AlertState state, Severity severity, Subject subject, long now, String summary, Evidence evidence,
                  long started);

        void signal(String alert, Subject subject, long now, double signal, double threshold);
    }

    private record Key(String alert, String node, String subject) {
    }

    private static final class Track {
        final Key key;
        final Subject subject;
        final long clearNanos;
        final boolean silenced;
        AlertState state;
        Severity severity;
        final long started;
        String summary;
        Evidence evidence;
        /** Since when the condition has been clear (firing alerts), -1 while it holds. */
        long clearSince = -1;

        Track(Key key, Subject subject, long clearNanos, boolean silenced, Severity severity, long started) {
            this.key = key;
            this.subject = subject;
            this.clearNanos = clearNanos;
            this.silenced = silenced;
            this.severity = severity;
            this.started = started;
        }
    }

    private final Map<Key, Track> open = new HashMap<>();
    /** Firing alerts whose condition is clear, waiting for their clear time (insertion order: oldest first). */
    private final Set<Track> clearing = new LinkedHashSet<>();
    private final Emitter emitter;
    private final Silences silences;
    private long untracked;

    Lifecycle(Emitter emitter, Silences silences) {
        this.emitter = emitter;
        this.silences = silences;
    }

    void active(Settings settings, Severity severity, Subject subject, long now, String summary, Evidence evidence, double signal,
                double threshold) {
        String alert = settings.spec().name();
        Key key = new Key(alert, subject.node(), subject.key());
        Track t = open.get(key);
        if (t == null) {
            if (open.size() >= MAX_OPEN) {
                untracked++;
                return;
            }
            t = new Track(key, subject, settings.clearNanos(), silences.covers(alert, subject.key()), severity, now);
            t.summary = summary;
            t.evidence = evidence;
            open.put(key, t);
            signal(t, now, signal, threshold);
            t.state = settings.forNanos() <= 0 ? AlertState.FIRING : AlertState.PENDING;
            emit(t, now);
            return;
        }
        t.summary = summary;
        t.evidence = evidence;
        signal(t, now, signal, threshold);
        if (t.clearSince >= 0) {
            t.clearSince = -1;
            clearing.remove(t);
        }
        if (t.state == AlertState.PENDING && now - t.started >= settings.forNanos()) {
            t.state = AlertState.FIRING;
            t.severity = severity;
            emit(t, now);
        } else if (t.state == AlertState.FIRING && severity.compareTo(t.severity) > 0) {
            // it got worse: say so once at the higher severity
            t.severity = severity;
            emit(t, now);
        }
    }

    void clear(Settings settings, Subject subject, long now, double signal) {
        if (open.isEmpty()) {
            return;
        }
        Track t = open.get(new Key(settings.spec().name(), subject.node(), subject.key()));
        if (t == null) {
            return;
        }
        if (!Double.isNaN(signal)) {
            signal(t, now, signal, Double.NaN);
        }
        if (t.state == AlertState.PENDING) {
            resolve(t, now, "cleared before it fired (held " + Durations.text(now - t.started) + "): " + t.summary);
            return;
        }
        if (t.clearSince < 0) {
            t.clearSince = now;
            clearing.add(t);
        }
        expire(now);
    }

    void gone(String alert, Subject subject, long now, String why) {
        Track t = open.get(new Key(alert, subject.node(), subject.key()));
        if (t != null) {
            resolve(t, now, why + " after " + Durations.text(now - t.started) + ": " + t.summary);
        }
    }

    /** Every open alert about one peer resolves: it disconnected. */
    void peerGone(String node, long peerId, long now, String why) {
        if (open.isEmpty()) {
            return;
        }
        List<Track> about = new ArrayList<>(2);
        for (Track t : open.values()) {
            if (t.subject.peerId() == peerId && t.subject.node().equals(node)) {
                about.add(t);
            }
        }
        for (Track t : about) {
            resolve(t, now, why + " after " + Durations.text(now - t.started) + ": " + t.summary);
        }
    }

    boolean isOpen(String alert, Subject subject) {
        return !open.isEmpty() && open.containsKey(new Key(alert, subject.node(), subject.key()));
    }

    /** Resolves the firing alerts that have been clear for their clear time by {@code now}, stamped when that time ran out. */
    void expire(long now) {
        if (clearing.isEmpty()) {
            return;
        }
        List<Track> due = null;
        for (Track t : clearing) {
            if (t.clearSince + t.clearNanos <= now) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(t);
            }
        }
        if (due != null) {
            due.sort((a, b) -> Long.compare(a.clearSince + a.clearNanos, b.clearSince + b.clearNanos));
            for (Track t : due) {
                long at = t.clearSince + t.clearNanos;
                resolve(t, at, "clear for " + Durations.text(t.clearNanos) + " after " + Durations.text(t.clearSince - t.started) + ": "
                        + t.summary);
            }
        }
    }

    long untracked() {
        return untracked;
    }

    /** Open alerts, firing ones first (for the end-of-run summary). */
    List<String> describeOpen() {
        List<String> out = new ArrayList<>();
        for (Track t : open.values()) {
            if (!t.silenced) {
                out.add(t.key.alert() + " " + t.state.jsonName() + " " + t.subject.key() + (t.subject.isPeer() ? " " + t.subject.addr() : ""));
            }
        }
        out.sort(null);
        return out;
    }

    private void resolve(Track t, long now, String summary) {
        open.remove(t.key);
        clearing.remove(t);
        t.state = AlertState.RESOLVED;
        t.summary = summary;
        emit(t, now);
    }

    private void emit(Track t, long now) {
        if (!t.silenced) {
            emitter.emit(t.key.alert(), t.state, t.severity, t.subject, now, t.summary, t.evidence, t.started);
        }
    }

    private void signal(Track t, long now, double signal, double threshold) {
        if (!t.silenced && !Double.isNaN(signal)) {
            emitter.signal(t.key.alert(), t.subject, now, signal, threshold);
        }
    }
}
