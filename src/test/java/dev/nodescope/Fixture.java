package dev.nodescope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The tracepoint fixture (the C stand-in for bitcoind) run by a test. */
public final class Fixture implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final long pid;

    private Fixture(Process process) throws IOException, InterruptedException {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon(true).start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream())), true));
        Thread.ofPlatform().daemon(true).start(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream())), false));
        String ready = expectLine("ready pid=", 10);
        this.pid = Long.parseLong(ready.substring("ready pid=".length()).trim());
    }

    /** Directory of the native build outputs (set by surefire; target/classes/native otherwise). */
    public static Path nativeDir() {
        String dir = System.getenv("NODESCOPE_NATIVE_DIR");
        return dir != null ? Path.of(dir) : Path.of("target/classes/native");
    }

    public static Path binary() {
        return nativeDir().resolve("nodescope-fixture");
    }

    public static Path binaryV28() {
        return nativeDir().resolve("nodescope-fixture-v28");
    }

    /** The v28 variant answering {@code -version} as Bitcoin Core v24.0.1 (block_connected in µs). */
    public static Path binaryV24() {
        return nativeDir().resolve("nodescope-fixture-v24");
    }

    /** Starts {@code binary play -}; scenario lines are then sent with {@link #send}. */
    public static Fixture play(Path binary) throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " missing: build with mvn (make -C src)");
        }
        return new Fixture(new ProcessBuilder(binary.toString(), "play", "-").start());
    }

    public long pid() {
        return pid;
    }

    public Process process() {
        return process;
    }

    public void send(String... lines) throws IOException {
        for (String line : lines) {
            stdin.write(line);
            stdin.write('\n');
        }
        stdin.flush();
    }

    public void send(List<String> lines) throws IOException {
        send(lines.toArray(String[]::new));
    }

    /** Closes stdin so the fixture prints its done line and exits. Returns the done line. */
    public String finish() throws IOException, InterruptedException {
        stdin.close();
        String done = expectLine("done ", 30);
        process.waitFor(10, TimeUnit.SECONDS);
        return done;
    }

    /** Waits for a stdout line starting with {@code prefix}, skipping others. */
    public String expectLine(String prefix, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            skipped.add(line);
        }
        throw new AssertionError("fixture printed no line starting with '" + prefix + "' within " + timeoutSeconds
                + " s; stdout: " + skipped + "; stderr: " + stderr());
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    private void pump(BufferedReader reader, boolean out) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    stdout.add(line);
                } else {
                    synchronized (this) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
