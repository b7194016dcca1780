package dev.nodescope.watch;

import dev.nodescope.error.UserException;
import java.util.Locale;

/** Durations as alerts and rules files write them: {@code 45s}, {@code 2m10s}, {@code 1h5m}, {@code 250ms}. */
public final class Durations {
    private Durations() {
    }

    public static String text(long nanos) {
        if (nanos < 0) {
            nanos = 0;
        }
        if (nanos < 1_000_000_000L) {
            return (nanos / 1_000_000) + "ms";
        }
        long s = nanos / 1_000_000_000L;
        if (s < 60) {
            long tenths = (nanos / 100_000_000L) % 10;
            return tenths == 0 ? s + "s" : s + "." + tenths + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (sec > 0 && h == 0) {
            sb.append(sec).append('s');
        }
        return sb.toString();
    }

    /** Seconds from {@code 90}, {@code 90s}, {@code 1.5m}, {@code 2h}, {@code 500ms}; {@code what} names it in the error. */
    public static double parseSeconds(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double unit = 1;
        String number = t;
        if (t.endsWith("ms")) {
            unit = 0.001;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = 86400;
            number = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(number) * unit;
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UserException(what + ": '" + text + "' is not a duration (write 30s, 5m, 1h, 250ms)");
        }
    }
}
