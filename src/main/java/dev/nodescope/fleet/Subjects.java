package dev.nodescope.fleet;

import dev.nodescope.error.UserException;
import dev.nodescope.event.Tracepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where events go on NATS: {@code nodescope.<node>.<context>.<name>}, e.g.
 * {@code nodescope.fra1.net.inbound_message}, and nodescope's own events under
 * {@code nodescope.<node>.nodescope.<name>} (loss, attached, alert). A consumer filters at the
 * server by subscribing to the nodes and tracepoints it wants.
 */
public final class Subjects {
    public static final String ROOT = "nodescope";
    /** A node name is one subject token: letters, digits, '-' and '_' (no '.', spaces or wildcards). */
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Subjects() {
    }

    /**
     * The subject of an event of {@code node} named {@code eventName} ({@code net:inbound_message}).
     * A node name that is not one token (an archive recorded under a host name with dots) has
     * its other characters replaced by '_'.
     */
    public static String of(String node, String eventName) {
        return ROOT + "." + token(node) + "." + eventName.replace(':', '.');
    }

    static String token(String node) {
        if (node != null && NODE.matcher(node).matches()) {
            return node;
        }
        String t = node == null || node.isEmpty() ? "_" : node.replaceAll("[^A-Za-z0-9_-]", "_");
        return t.length() > 64 ? t.substring(0, 64) : t;
    }

    /** Checks a node name for use in subjects; one line saying what is allowed when it is not. */
    public static String checkNode(String node, String option) {
        if (node == null || !NODE.matcher(node).matches()) {
            throw new UserException(option + " '" + node + "': a node name on NATS is 1-64 letters, digits, '-' or '_'"
                    + " (it is one token of the subjects nodescope.<node>.<context>.<name>)");
        }
        return node;
    }

    /**
     * The subjects to subscribe to for these nodes and tracepoints: exact node names subscribe to
     * their own subjects, globs to every node's (the glob is applied to what arrives); all
     * tracepoints subscribe to {@code ...>}, a selection to each selected tracepoint's subject plus
     * nodescope's own events.
     */
    public static List<String> subscriptions(List<String> nodeGlobs, Set<Tracepoint> selected) {
        List<String> nodeTokens = new ArrayList<>();
        if (nodeGlobs.isEmpty() || nodeGlobs.stream().anyMatch(Subjects::isGlob)) {
            nodeTokens.add("*");
        } else {
            for (String n : nodeGlobs) {
                nodeTokens.add(checkNode(n, "--nodes"));
            }
        }
        List<String> subjects = new ArrayList<>();
        for (String node : nodeTokens) {
            if (selected.size() == Tracepoint.values().length) {
                subjects.add(ROOT + "." + node + ".>");
            } else {
                for (Tracepoint tp : selected) {
                    subjects.add(of(node, tp.fullName()));
                }
                subjects.add(ROOT + "." + node + ".nodescope.>");
            }
        }
        return subjects;
    }

    /** Where a publisher says how many events it has published on each of a node's subjects ({@link BatchHeaders}). */
    public static String totals(String node) {
        return prefix(node) + TOTALS;
    }

    /** What every subject of {@code node} starts with. */
    static String prefix(String node) {
        return ROOT + "." + token(node) + ".";
    }

    static final String TOTALS = "nodescope.totals";

    /** Whether {@code subject} is one NATS delivers to a subscription on {@code pattern} ({@code *}: one token, {@code >}: the rest). */
    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.");
        String[] s = subject.split("\\.");
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** The node token of a subject ({@code nodescope.<node>....}), or null for a subject that is not ours. */
    public static String node(String subject) {
        if (!subject.startsWith(ROOT + ".")) {
            return null;
        }
        int end = subject.indexOf('.', ROOT.length() + 1);
        return end < 0 ? null : subject.substring(ROOT.length() + 1, end);
    }
}
