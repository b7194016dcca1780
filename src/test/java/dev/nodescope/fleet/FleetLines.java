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
}
