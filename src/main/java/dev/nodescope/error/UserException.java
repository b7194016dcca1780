package dev.nodescope.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one type for a user's mistake or a request that cannot be met as asked: a bad flag, an
 * unknown pid, a binary without tracepoints, a file that is not an archive, a path that cannot be
 * written. Its message is one line that says what is wrong and what to do; the command line
 * prints just that line and exits with {@link ExitCode#USER}. Everything else that escapes a
 * command is a bug and is reported with its stack trace.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    /** {@code cause}: what went wrong underneath (an I/O error, say), kept for debugging, not printed. */
    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A path the user gave that cannot be written: {@code FILE: cannot write (permission denied)}. */
    public static UserException cannotWrite(Path file, IOException e) {
        return new UserException(file + ": cannot write (" + reason(e) + ")", e);
    }

    /** An I/O error in a few words fit for that line. */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such directory";
            case AccessDeniedException a -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
