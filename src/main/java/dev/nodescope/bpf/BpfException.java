package dev.nodescope.bpf;

/** A failure of the kernel or libbpf, with a message meant for the user and the negative errno. */
public class BpfException extends RuntimeException {
    private final int error;

    public BpfException(String message, int error) {
        super(message);
        this.error = error;
    }

    /** The negative errno (or libbpf error code) behind the failure, 0 when none. */
    public int error() {
        return error;
    }
}
