package dev.nodescope.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a consumer's {@code log --format json} lines say: its events (loss notices apart) and the losses they report by stage. */
final class FleetLines {
    private static final Pattern EVENT = Pattern.compile("\"event\":\"([^\"]+)\"");
    private static final Pattern LOSS = Pattern.compile(".*\"stage\":\"([a-z_]+)\".*\"tracepoint\":\"([^\"]+)\".*\"count\":(\\d+).*");
    private static final String LOSS_EVENT = "nodescope:loss";

    final List<String> events = new ArrayList<>();
    /** stage -> tracepoint -> count, from the nodescope:loss lines. */
    final Map<String, Map<String, Long>> losses = new TreeMap<>();

    FleetLines(List<String> lines) {
        for (String l : lines) {
            if (LOSS_EVENT.equals(event(l))) {
                Matcher m = LOSS.matcher(l);
                if (!m.matches()) {
                    throw new AssertionError("a loss line without stage, tracepoint and count: " + l);
                }
                losses.computeIfAbsent(m.group(1), s -> new TreeMap<>()).merge(m.group(2), Long.parseLong(m.group(3)), Long::sum);
            } else {
                events.add(l);
            }
        }
    }

    static String event(String line) {
        Matcher m = EVENT.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** Events lost at {@code stage} by the loss lines, tracepoints only (not nodescope's own events). */
    long lost(String stage) {
        return losses.getOrDefault(stage, Map.of()).entrySet().stream().filter(e -> !e.getKey().startsWith("nodescope:"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Events of each name, counted. */
    static Map<String, Long> byEvent(List<String> lines) {
        Map<String, Long> by = new TreeMap<>();
        lines.forEach(l -> by.merge(event(l), 1L, Long::sum));
        return by;
    }

    /** Whether {@code got} is {@code all} with some lines left out, the rest in the same order. */
    static boolean isSubsequence(List<String> got, List<String> all) {
        int i = 0;
        for (String g : got) {
            while (i < all.size() && !all.get(i).equals(g)) {
                i++;
            }
            if (i == all.size()) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Where {@code got} first leaves {@code all}'s order: the line, its index in both, and the line before it. */
    static String firstOutOfOrder(List<String> got, List<String> all) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            index.putIfAbsent(all.get(i), i);
        }
        int last = -1;
        for (int k = 0; k < got.size(); k++) {
            Integer i = index.get(got.get(k));
            if (i == null) {
                return "line " + k + " is not one of the node's: " + got.get(k);
            }
            if (i <= last) {
                return "line " + k + " (the node's " + i + ") after the node's " + last + ": " + got.get(k) + " after " + got.get(k - 1);
            }
            last = i;
        }
        return "in order";
    }

    /** What tells {@code got} from {@code expected} in a line: sizes, the first difference, lines twice, lines missing. */
    static String difference(List<String> got, List<String> expected) {
        int first = 0;
        while (first < got.size() && first < expected.size() && got.get(first).equals(expected.get(first))) {
            first++;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        long twice = got.stream().filter(l -> !seen.add(l)).count();
        java.util.Set<String> gotSet = new java.util.HashSet<>(got);
        long missing = expected.stream().filter(l -> !gotSet.contains(l)).count();
        return got.size() + " lines for " + expected.size() + "; first difference at " + first + " ("
                + (first < got.size() ? got.get(first) : "none") + " for " + (first < expected.size() ? expected.get(first) : "none")
                + "); " + twice + " twice, " + missing + " missing; " + firstOutOfOrder(got, expected);
    }
}
