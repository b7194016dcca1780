package dev.nodescope.web.view;

import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;

/**
 * A feed of one node's windowed state: its first answer holds everything, later ones only what
 * changed since the answer before (null when nothing did), which the page merges into what it
 * has. When the node shown changes (no node was asked for and another was attached), it starts
 * over with a whole answer.
 */
final class IncrementalFeed implements Feed {
    /** What a view answers about one node: changes after {@code revision}, -1 for everything; null when nothing changed or the node is unknown. */
    interface Source {
        Answer since(String node, long revision);
    }

    /** An answer: the revision it is up to, for the next question. */
    interface Answer {
        long revision();
    }

    private final WebContext context;
    private final String asked;
    private final Source source;
    private String node;
    private long seen = -1;

    /** @throws IllegalArgumentException when {@code asked} names a node never seen */
    IncrementalFeed(WebContext context, String asked, Source source) {
        context.defaultNode(asked);
        this.context = context;
        this.asked = asked;
        this.source = source;
    }

    @Override
    public Object next() {
        String now = context.defaultNode(asked);
        if (now == null) {
            return null;
        }
        if (!now.equals(node)) {
            node = now;
            seen = -1;
        }
        Answer a = source.since(node, seen);
        if (a != null) {
            seen = a.revision();
        }
        return a;
    }
}
