package dev.nodescope.tool;

import dev.nodescope.stream.SourceStats;

/**
 * How a stream ended, as a tool sees it in {@link Tool#finish}.
 *
 * @param delivered whether the source delivered any event (a live source: it attached; an archive: it held something)
 * @param failure   what stopped the stream, or null when it ended normally (source done, stopped, signal, duration)
 * @param stats     the source's counts and losses, complete
 */
public record StreamEnd(boolean delivered, Throwable failure, SourceStats stats) {
    public boolean failed() {
        return failure != null;
    }
}
