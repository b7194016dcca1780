package dev.nodescope.monitor;

import java.util.Locale;

/**
 * Short human figures for narrow columns: counts with k/M/G (powers of 1000), durations as the
 * two largest units. Every cell has a fixed width, so long values are cut visibly with {@code ~}.
 */
final class Units {
    private Units() {
    }

    /** 1234, 12.3k, 123k, 1.2M, ... (at most 5 characters). */
    static String compact(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        String[] suffixes = {"k", "M", "G", "T", "P", "E"};
        double v = n;
        int i = -1;
        while (v >= 999.5 && i < suffixes.length - 1) {
            v /= 1000;
            i++;
        }
        return (v < 99.95 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + suffixes[i];
    }

    static String rate(double perSecond) {
        return compact(Math.round(perSecond));
    }

    /** Small rates with one decimal (mempool: a few per second), large ones compact. */
    static String perSecond(double perSecond) {
        return perSecond < 99.95 ? String.format(Locale.ROOT, "%.1f", perSecond) : rate(perSecond);
    }

    /** 45s, 3m05s, 1h02m, 2d03h. */
    static String duration(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    /** Time since something, in its largest unit: 3s, 2m, 1h, 2d. */
    static String ago(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }

    /** {@code s} in exactly {@code width} characters: padded, or cut with a {@code ~} as last character. */
    static String fit(String s, int width, boolean right) {
        if (width <= 0) {
            return "";
        }
        if (s.length() > width) {
            return s.substring(0, width - 1) + "~";
        }
        String pad = " ".repeat(width - s.length());
        return right ? pad + s : s + pad;
    }
}
