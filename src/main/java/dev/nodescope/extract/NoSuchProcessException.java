package dev.nodescope.extract;

import java.io.IOException;

/** No process with the given pid is running (it never existed or has exited). */
public class NoSuchProcessException extends IOException {

    private final long pid;

    public NoSuchProcessException(long pid) {
        super("no process with pid " + pid + " is running");
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }
}
