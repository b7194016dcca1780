package dev.nodescope.stream;

/**
 * A source that plays recorded events at a chosen pace (an archive replay). Tools that show
 * events to a person offer pause and speed keys when their source implements this; a live
 * source cannot be paused (the node does not wait), so it does not. Safe from any thread.
 */
public interface Pacing {
    /** Holds delivery while {@code paused}; delivery resumes where it stopped. */
    void pause(boolean paused);

    boolean paused();

    /** Plays at {@code factor} times the recorded pace (1 = as recorded, 0 = as fast as possible). */
    void speed(double factor);

    double speed();
}
