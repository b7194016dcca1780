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
}
