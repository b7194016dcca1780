package dev.nodescope.realnode;

import dev.nodescope.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A nodescope command running in the background, its output kept; stopped as a user does (SIGTERM). */
final class RunningTool implements AutoCloseable {
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();

    private RunningTool(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon(true).start(() -> pump(process.getInputStream(), stdout));
        Thread.ofPlatform().daemon(true).start(() -> pump(process.getErrorStream(), stderr));
    }

    static RunningTool start(String... args) throws IOException {
        return new RunningTool(Cli.start(args));
    }

    private static void pump(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** Waits until standard error contains {@code text} (e.g. nodescope's "attached to" line). */
    void awaitStderr(String text, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!stderr.toString().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                Thread.sleep(200);
                throw new AssertionError("nodescope printed no '" + text + "' on stderr within " + timeoutSeconds
                        + " s (" + (process.isAlive() ? "running" : "exit " + process.exitValue()) + "): " + stderr);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Stops it with SIGTERM and returns its exit code once it has finished writing. Through its
     * handle: {@code Process.destroy()} also closes our ends of the pipes, so what nodescope prints
     * while stopping (the summary) would be lost.
     */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        return waitFor(60);
    }

    int waitFor(int timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("nodescope did not finish within " + timeoutSeconds + " s: " + stderr);
        }
        Thread.sleep(200); // the pumps drain the pipes
        return process.exitValue();
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
