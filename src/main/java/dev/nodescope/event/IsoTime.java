package dev.nodescope.event;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * UTC ISO-8601 timestamps with nanoseconds ({@code 2026-11-25T18:45:29.123456789Z}). Consecutive
 * events mostly share their second, so the date-time part is cached: formatting stays cheap at
 * hundreds of thousands of events per second, where DateTimeFormatter would dominate. Not thread-safe.
 */
public final class IsoTime {
    /** Characters of a formatted time. */
    static final int LENGTH = 30;

    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] buffer = "0000-00-00T00:00:00.000000000Z".getBytes(StandardCharsets.ISO_8859_1);

    public String format(long epochNanos) {
        update(epochNanos);
        return new String(buffer, StandardCharsets.ISO_8859_1);
    }

    /** Writes the {@link #LENGTH} ASCII bytes of the time into {@code out} from {@code offset}: no String on the way. */
    void formatInto(long epochNanos, byte[] out, int offset) {
        update(epochNanos);
        System.arraycopy(buffer, 0, out, offset, LENGTH);
    }

    private void update(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (second != cachedSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            put(0, t.getYear(), 4);
            put(5, t.getMonthValue(), 2);
            put(8, t.getDayOfMonth(), 2);
            put(11, t.getHour(), 2);
            put(14, t.getMinute(), 2);
            put(17, t.getSecond(), 2);
            cachedSecond = second;
        }
        put(20, nanos, 9);
    }

    private void put(int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
