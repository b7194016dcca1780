package dev.nodescope.extract;

import dev.nodescope.error.UserException;

/** The user asked for something that cannot be traced; the message is one line saying what to do. */
public class TargetException extends UserException {
    public TargetException(String message) {
        super(message);
    }

    /** For a {@code binary} path that is not a regular file: a directory, or nothing at all. */
    public static TargetException notABinary(java.nio.file.Path binary) {
        if (java.nio.file.Files.isDirectory(binary)) {
            return new TargetException(binary + " is a directory: give the bitcoind executable in it (e.g. "
                    + binary.resolve("bitcoind") + ")");
        }
        return new TargetException("binary " + binary + " does not exist (give the path of bitcoind)");
    }
}
