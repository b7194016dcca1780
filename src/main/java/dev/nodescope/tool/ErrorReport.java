package dev.nodescope.tool;

import dev.nodescope.bpf.BpfException;
import dev.nodescope.error.ExitCode;
import dev.nodescope.error.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * What nodescope prints for what stopped a command, and the exit code: a user mistake
 * ({@link UserException}) is one line, exit 2; the machine failing underneath (I/O, the kernel
 * refusing BPF) one line, exit 1; anything else is a bug: its stack trace and a line asking to
 * report it, exit 70.
 */
public final class ErrorReport {
    private ErrorReport() {
    }

    public static int print(Throwable ex, PrintWriter err) {
        switch (ex) {
            case UserException user -> err.println("nodescope: " + user.getMessage());
            case BpfException bpf -> err.println("nodescope: " + bpf.getMessage() + " (nodescope doctor checks this machine)");
            case IOException io -> err.println("nodescope: " + io.getMessage());
            case UncheckedIOException io -> err.println("nodescope: " + (io.getMessage().equals(io.getCause().toString())
                    ? io.getCause().getMessage() : io.getMessage()));
            default -> {
                String version = ErrorReport.class.getPackage().getImplementationVersion();
                err.println("nodescope: internal error (a bug in nodescope " + (version == null ? "(development build)" : version) + "):");
                ex.printStackTrace(err);
                err.println("nodescope: please report this bug with the lines above and the command that led to it.");
                err.flush();
                return ExitCode.BUG;
            }
        }
        err.flush();
        return ex instanceof UserException ? ExitCode.USER : ExitCode.FAILED;
    }
}
