package dev.nodescope.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * Standard output for event lines: a large buffer (flushed after each burst, not per event) and
 * quiet handling of a closed pipe ({@code nodescope log | head}), which ends the command normally.
 */
final class Output {
    private Output() {
    }

    static OutputStream stdout() {
        return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    }

    /** Whether an exception (or its cause) is the reader of our output going away. */
    static boolean isClosedPipe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("Broken pipe") || m.contains("Stream closed"))) {
                return true;
            }
        }
        return false;
    }
}
