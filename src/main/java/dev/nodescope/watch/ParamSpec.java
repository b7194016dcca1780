package dev.nodescope.watch;

/**
 * One tunable number of a detector: its name in rules files, its default and why, and whether it
 * is a duration (written {@code 90s}, {@code 2m}, {@code 1h} in rules files; held in seconds).
 */
public record ParamSpec(String name, double defaultValue, boolean duration, String doc) {
    public static ParamSpec number(String name, double defaultValue, String doc) {
        return new ParamSpec(name, defaultValue, false, doc);
    }

    public static ParamSpec seconds(String name, double defaultSeconds, String doc) {
        return new ParamSpec(name, defaultSeconds, true, doc);
    }
}
