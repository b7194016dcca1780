package dev.nodescope.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A running stand-in node playing a script (the busy-node scenario, or an attack for {@code demo
 * --attack}), for {@code demo}: nodescope traces it for real (BPF, semaphores, ring buffer); only the
 * node is a stand-in. When the script ends the stand-in exits, and a trace of it ends too.
 * {@link #close()} stops it and deletes its binary.
 */
public final class StandInNode implements AutoCloseable {
    /** What the stand-in plays: writes fixture play lines until done or {@code stopped} (BusyNodeScenario, AttackScenario). */
    @FunctionalInterface
    public interface Script {
        void play(Writer out, BooleanSupplier stopped) throws IOException;
    }

    private final StandInBinary binary;
    private final Process process;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private StandInNode(StandInBinary binary, Process process) {
        this.binary = binary;
        this.process = process;
    }

    /** Starts the stand-in and has it play the busy-node scenario of {@code seed}; its clock starts now, so times read as today's. */
    public static StandInNode start(long seed) throws IOException {
        return start(new BusyNodeScenario(seed, System.currentTimeMillis())::play);
    }

    /** Starts the stand-in and has it play {@code script}; it exits when the script ends. */
    public static StandInNode start(Script scenario) throws IOException {
        StandInBinary binary = StandInBinary.extract();
        StandInNode node = null;
        try {
            Process process = new ProcessBuilder(binary.path().toString(), "play", "-").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            node = new StandInNode(binary, process);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready pid=")) {
                throw new IOException("the demo's stand-in node did not start");
            }
            Thread.ofPlatform().daemon(true).name("demo-node-output").start(() -> drain(out));
            AtomicBoolean stopped = node.stopped;
            Thread.ofPlatform().daemon(true).name("demo-scenario").start(() -> {
                try (Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                    scenario.play(w, stopped::get);
                } catch (IOException e) {
                    // the node went away: the stream reports it as detached
                }
            });
            return node;
        } catch (IOException | RuntimeException e) {
            if (node != null) {
                node.close();
            } else {
                binary.close();
            }
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        stopped.set(true);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            binary.close();
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the stand-in's own output is not part of the demo
            }
        } catch (IOException ignored) {
            // the node exited
        }
    }
}
