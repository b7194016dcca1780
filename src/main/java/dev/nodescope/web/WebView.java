package dev.nodescope.web;

import dev.nodescope.stream.EventStream;
import java.util.Map;

/**
 * One page's server side: it folds the events it needs on the stream thread (registering per
 * event type, so only those tracepoints are attached) and opens a {@link Feed} per browser that
 * looks at it. Aggregation happens here, once, not in every browser.
 */
public interface WebView {
    /** The name clients subscribe to and {@code /api/view/NAME} answers. */
    String name();

    /** Registers this view's handlers; called once, before the stream starts. */
    void register(EventStream stream);

    /**
     * A feed for one subscriber with the page's parameters (a peer, a node).
     *
     * @throws IllegalArgumentException with a one-line reason when a parameter is wrong (the client is told)
     */
    Feed open(Map<String, String> params);
}
