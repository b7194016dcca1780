package dev.nodescope.web;

/**
 * What one subscriber of a {@link WebView} is sent. The hub asks at each update (at most every
 * {@code --update-every}, and not while the browser has not taken the last one): a snapshot
 * feed answers the current state, an incremental one what came since it last answered, so a
 * browser that fell behind gets everything coalesced into its next update.
 */
public interface Feed {
    /** What to send now (serialised to JSON), or null when there is nothing new. Called on the hub's thread. */
    Object next();

    /**
     * For a snapshot feed, what makes its answer: feeds with the same key answer the same at one
     * update (the peers of one node), so the hub asks one of them and serialises once for every
     * browser. Null (the default): this feed's answer is its own (an incremental feed's cursor).
     */
    default String sharedKey() {
        return null;
    }
}
