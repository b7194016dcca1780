package dev.nodescope.fleet;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The line {@code publish} ends with: events published, and what it lost (or sent without payload) by stage. */
record PublishSummary(long published, Map<String, Long> lost) {
    private static final Pattern LINE = Pattern.compile("nodescope: published ([\\d,]+) events in [\\d,]+ batches \\([^)]*\\) to \\S+?(?:; lost:(.*))?");
    private static final Pattern STAGE = Pattern.compile(" ([a-z_]+) ([\\d,]+)");

    static PublishSummary of(String stderr) {
        for (String line : stderr.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                Map<String, Long> lost = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher s = STAGE.matcher(m.group(2));
                    while (s.find()) {
                        lost.put(s.group(1), number(s.group(2)));
                    }
                }
                return new PublishSummary(number(m.group(1)), lost);
            }
        }
        throw new AssertionError("no summary line in publish's stderr: " + stderr);
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    long lost(String stage) {
        return lost.getOrDefault(stage, 0L);
    }
}
