package dev.nodescope.tool;

import dev.nodescope.bpf.Libc;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output for event lines: a large buffer (flushed after each burst, not per event), and
 * a write that fails because the reader went away surfaces as {@link OutputClosedException}
 * (asked of the kernel, not guessed from the error's text), which ends a run normally.
 */
public final class StandardOutput {
    private static final int STDOUT = 1;

    private StandardOutput() {
    }

    public static OutputStream open() {
        return new BufferedOutputStream(new ClosedAware(new FileOutputStream(FileDescriptor.out)), 1 << 16);
    }

    /**
     * Standard output's classes around nothing: what a rehearsal writes (tool/Rehearsal), so the
     * JIT compiles the very calls the real output takes.
     */
    public static OutputStream nowhere() throws IOException {
        return new BufferedOutputStream(new ClosedAware(new FileOutputStream("/dev/null")), 1 << 16);
    }

    /** Status and error lines that go nowhere (a rehearsal's). */
    public static PrintStream nowherePrinting() {
        return new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }

    private static final class ClosedAware extends OutputStream {
        private final OutputStream out;

        ClosedAware(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw classify(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw classify(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw classify(e);
            }
        }

        private static IOException classify(IOException e) {
            try {
                return Libc.readerGone(STDOUT) ? new OutputClosedException(e) : e;
            } catch (RuntimeException | LinkageError noLibc) {
                return e;
            }
        }
    }
}
