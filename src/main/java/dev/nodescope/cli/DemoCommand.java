package dev.nodescope.cli;

import dev.nodescope.demo.BusyNodeScenario;
import dev.nodescope.extract.LiveSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nodescope demo}: where no bitcoind runs, the tracepoint fixture shipped in the jar plays a
 * busy node and nodescope traces it for real (BPF, semaphores, ring buffer: only the node is a stand-in).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Trace a built-in stand-in for bitcoind that plays a busy node (no bitcoind needed).")
final class DemoCommand implements Callable<Integer> {
    static final String FIXTURE_RESOURCE = "/native/nodescope-fixture";

    @Mixin
    LogCommand.LogOptions options;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the scenario (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", description = "Show the stand-in node in the full-screen monitor instead of the log.")
    boolean monitor;

    @Override
    public Integer call() throws Exception {
        // the stand-in's clock starts now, so connection and mempool times read as today's
        BusyNodeScenario scenario = new BusyNodeScenario(seed, System.currentTimeMillis());
        Path fixture = extractStandIn();
        Path dir = fixture.getParent();
        Process node = new ProcessBuilder(fixture.toString(), "play", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicBoolean stopped = new AtomicBoolean();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready pid=")) {
                throw new IOException("the demo's stand-in node did not start");
            }
            Thread.ofPlatform().daemon(true).name("demo-node-output").start(() -> drain(out));
            Thread.ofPlatform().daemon(true).name("demo-scenario").start(() -> {
                try (Writer w = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                    scenario.play(w, stopped::get);
                } catch (IOException e) {
                    // the node went away: the stream reports it as detached
                }
            });
            if (monitor) {
                return MonitorCommand.show(LiveSource.builder().pid(node.pid()).node("demo").payloadMax(MonitorCommand.PAYLOAD_MAX)
                        .build(), true);
            }
            options.validate();
            LiveSource source = LiveSource.builder().pid(node.pid()).node("demo").payloadMax(options.payloadMax()).build();
            String banner = "nodescope demo: no bitcoind needed. A stand-in node (pid " + node.pid() + ", nodescope's tracepoint"
                    + " fixture with Bitcoin Core's 20 tracepoints) plays a busy node; nodescope traces it with real eBPF."
                    + "\nPress Ctrl-C to stop. On a real node: nodescope log --pid $(pidof bitcoind)";
            return options.run(source, banner);
        } finally {
            stopped.set(true);
            node.destroy();
            if (!node.waitFor(2, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            Files.deleteIfExists(fixture);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Copies the stand-in node (the tracepoint fixture shipped in the jar) to a new private
     * temporary directory and returns its path; the caller deletes both.
     */
    static Path extractStandIn() throws IOException {
        Path dir = Files.createTempDirectory("nodescope-standin", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path fixture = dir.resolve("bitcoind-standin");
        // Ctrl-C or SIGTERM end the JVM while the caller's finally may not have run yet: the JVM's
        // last shutdown step deletes these too (in reverse order: the file, then its directory)
        dir.toFile().deleteOnExit();
        fixture.toFile().deleteOnExit();
        try (InputStream in = DemoCommand.class.getResourceAsStream(FIXTURE_RESOURCE)) {
            if (in == null) {
                Files.delete(dir);
                throw new IOException("the stand-in node is missing from this build (rebuild with gcc installed)");
            }
            Files.copy(in, fixture, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(fixture, PosixFilePermissions.fromString("rwx------"));
        return fixture;
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
