package dev.nodescope.realnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code nodescope log --format json} attached to a real node, as a user runs it: every line is
 * kept, parsed, and can be waited for. Returns once nodescope has attached.
 */
final class LogTap implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private LogTap(Process process) {
        this.process = process;
    }

    static LogTap attach(long pid, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("log", "--pid", Long.toString(pid), "--format", "json"));
        args.addAll(List.of(options));
        LogTap tap = new LogTap(Cli.start(args.toArray(String[]::new)));
        Thread.ofPlatform().daemon(true).start(tap::readStdout);
        Thread.ofPlatform().daemon(true).start(tap::readStderr);
        tap.await(e -> e.path("event").asText().equals("nodescope:attached"), 30);
        return tap;
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode event = JSON.readTree(line);
                synchronized (this) {
                    lines.add(line);
                    events.add(event);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                stderr.append("reading log output failed: ").append(e).append('\n');
            }
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** Waits for an event matching {@code match} and returns the first one. */
    synchronized JsonNode await(Predicate<JsonNode> match, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            for (JsonNode e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeoutSeconds + " s; " + events.size()
                        + " events seen; nodescope " + (process.isAlive() ? "running" : "exited") + "; stderr: " + stderr);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))));
        }
    }

    /** Waits until {@code count} events named {@code name} have arrived and returns them all. */
    List<JsonNode> awaitCount(String name, int count, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            List<JsonNode> found = named(name);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " " + name + " events within " + timeoutSeconds + " s, saw "
                        + found.size() + "; nodescope stderr: " + stderr());
            }
            synchronized (this) {
                wait(100);
            }
        }
    }

    /**
     * Waits until no event has arrived for {@code quietMillis}: nodescope polls the ring every
     * 10 ms, so a node that has gone quiet has then been read completely.
     */
    void awaitQuiet(long quietMillis, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int seen = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = size();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the node did not go quiet within " + timeoutSeconds + " s");
    }

    synchronized int size() {
        return events.size();
    }

    synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized List<JsonNode> named(String name) {
        return events.stream().filter(e -> e.path("event").asText().equals(name)).toList();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    /** Stops nodescope as a user does (SIGTERM) and waits for its last lines. */
    void stop() throws InterruptedException {
        process.toHandle().destroy(); // not Process.destroy(): that closes the pipes before the last lines are read
        process.waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(200); // the readers drain the pipes
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
        process.destroyForcibly();
    }
}
