package dev.nodescope.extract;

import dev.nodescope.error.UserException;

/** The user asked for something that cannot be traced; the message is one line saying what to do. */
public class TargetException extends UserException {
    public TargetException(String message) {
        super(message);
    }
}
