package dev.nodescope.tool;

import dev.nodescope.error.ExitCode;

/** How a tool's run went, as the runner turns it into an exit code. */
public enum Outcome {
    /** Did what was asked: exit 0. */
    DONE(ExitCode.OK),
    /** Ran but produced nothing worth keeping (the tool said why): its outputs are deleted, exit 1. */
    NOTHING(ExitCode.FAILED);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
