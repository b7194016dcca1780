package dev.nodescope.web;

import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventSource;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * What every view shares: the node state (folded once for all of them), the source (for its
 * counts and losses), the clock ages and rates are read against (the wall clock live, the newest
 * event's time in a replay) and how a peer's address is shown ({@code --redact-ips}: a
 * pseudonym, the same for one address while the dashboard runs).
 */
public record WebContext(NodeState state, EventSource source, LongSupplier clock, UnaryOperator<String> addresses) {
    /** The node a page shows when it names none: the one attached last, else the first seen; null before any event. */
    public String defaultNode(String asked) {
        if (asked != null && !asked.isEmpty()) {
            if (!state.nodeNames().contains(asked)) {
                throw new IllegalArgumentException("no node named '" + asked + "'");
            }
            return asked;
        }
        var names = state.nodeNames();
        return names.isEmpty() ? null : names.getLast();
    }
}
