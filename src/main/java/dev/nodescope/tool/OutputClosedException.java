package dev.nodescope.tool;

import java.io.IOException;

/**
 * The reader of standard output went away ({@code nodescope log | head}): not an error, the run
 * just has nobody to write for any more. The runner ends it normally.
 */
public final class OutputClosedException extends IOException {
    public OutputClosedException(IOException cause) {
        super("the reader of standard output went away", cause);
    }

    /** Whether {@code t} or one of its causes is this (it travels wrapped in UncheckedIOException through handlers). */
    public static boolean in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutputClosedException) {
                return true;
            }
        }
        return false;
    }
}
