package dev.nodescope.error;

/** What nodescope's exit status means (README, "Exit codes"). */
public final class ExitCode {
    /** Did what was asked. */
    public static final int OK = 0;
    /**
     * Ran, but the answer is no or the result is empty: a doctor check failed, a payload does not
     * decode, nothing was recorded; also the machine failed underneath (an I/O error, the kernel
     * refused BPF). One line on stderr says which.
     */
    public static final int FAILED = 1;
    /** A user mistake ({@link UserException}): one line on stderr, nothing else. */
    public static final int USER = 2;
    /** A bug in nodescope: the stack trace and a line asking to report it (EX_SOFTWARE of sysexits.h). */
    public static final int BUG = 70;

    private ExitCode() {
    }
}
