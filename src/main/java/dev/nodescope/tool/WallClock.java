package dev.nodescope.tool;

import java.time.Instant;

/** The wall clock in epoch nanoseconds, the unit of every event's time: "now" for live views and tool events. */
public final class WallClock {
    private WallClock() {
    }

    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
