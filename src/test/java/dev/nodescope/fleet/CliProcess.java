package dev.nodescope.fleet;

import dev.nodescope.Cli;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A nodescope command running in its own JVM while a test does things to it (kills its NATS
 * server, stops it with SIGTERM), with its stdout and stderr lines collected as they come.
 */
final class CliProcess implements AutoCloseable {
    /** What a JVM stopped by SIGTERM exits with, its shutdown hooks (nodescope's last words) run. */
    static final int SIGTERM_EXIT = 128 + 15;
    private static final long WAIT_NANOS = 90_000_000_000L;

    final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    CliProcess(String... args) throws Exception {
        this(new ProcessBuilder(Cli.command(args)));
    }

    /** Any command line of the test's making: nodescope as another user, from a jar, with its own environment. */
    CliProcess(ProcessBuilder command) throws Exception {
        process = command.start();
        outReader = Thread.ofVirtual().start(() -> collect(process.getInputStream(), out));
        errReader = Thread.ofVirtual().start(() -> collect(process.getErrorStream(), err));
    }

    /** A consumer: started, and returned once it says it is subscribed. */
    static CliProcess consumer(String... args) throws Exception {
        CliProcess p = new CliProcess(args);
        p.awaitStderr("nodescope: reading ");
        return p;
    }

    private static void collect(InputStream in, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                synchronized (into) {
                    into.add(l);
                }
            }
        } catch (java.io.IOException closed) {
            // the process went away
        }
    }

    List<String> stdout() {
        synchronized (out) {
            return new ArrayList<>(out);
        }
    }

    String stderr() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    int stdoutCount() {
        synchronized (out) {
            return out.size();
        }
    }

    /** Waits until a stderr line contains {@code text}; fails with what it printed when it does not come (or the process ends). */
    void awaitStderr(String text) throws InterruptedException {
        await(() -> stderr().contains(text), "stderr to say '" + text + "'");
    }

    void awaitStdout(int lines) throws InterruptedException {
        await(() -> stdoutCount() >= lines, lines + " lines on stdout");
    }

    /** Waits until nothing new has come on stdout for {@code quietMillis}. */
    void awaitQuiet(long quietMillis) throws InterruptedException {
        int seen = -1;
        long since = System.nanoTime();
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            int now = stdoutCount();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > quietMillis * 1_000_000) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("stdout never went quiet; stderr: " + stderr());
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || (!process.isAlive() && !condition.getAsBoolean())) {
                outReader.join(5000);
                errReader.join(5000);
                if (condition.getAsBoolean()) {
                    return;
                }
                throw new AssertionError("waited for " + what + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                        + "; " + stdoutCount() + " lines on stdout; stderr: " + stderr());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the process to end by itself and returns its exit code, its output all read. */
    int await() throws InterruptedException {
        if (!process.waitFor(WAIT_NANOS, TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("nodescope did not exit; stderr: " + stderr());
        }
        outReader.join();
        errReader.join();
        return process.exitValue();
    }

    /** SIGTERM, as systemd or Ctrl-C stops it; returns its exit code once it has written its last words. */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        return await();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
