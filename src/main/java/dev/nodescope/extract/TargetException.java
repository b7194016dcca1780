package dev.nodescope.extract;

/** The user asked for something that cannot be traced; the message is one line saying what to do. */
public class TargetException extends Exception {
    public TargetException(String message) {
        super(message);
    }
}
