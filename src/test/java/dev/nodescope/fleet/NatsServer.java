package dev.nodescope.fleet;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server (Debian's package) on loopback for the fleet tests: started with a config
 * file the test gives (JetStream, auth, limits, cluster routes), stopped (or killed) by the test.
 */
public final class NatsServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final Path config;
    private final Path log;
    private final int port;
    /** Variables the config refers to ({@code password: $PUBLISHER_PASSWORD}), given to the server as its service would. */
    private final Map<String, String> environment;
    private Process process;

    private NatsServer(Path config, Path log, int port, Map<String, String> environment) {
        this.config = config;
        this.log = log;
        this.port = port;
        this.environment = environment;
    }

    /** Skips where nats-server is missing, with the reason; under CI=true (which installs it) fails instead. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("nats-server is missing under CI=true (scripts/setup.sh installs it)");
            }
            assumeTrue(false, "nats-server not installed: the fleet tests need it (apt-get install nats-server)");
        }
    }

    public static int freePort() throws IOException {
        return freePorts(1).getFirst();
    }

    /** {@code n} different free loopback ports: all held open while chosen (one closed before the next is chosen may come again). */
    public static java.util.List<Integer> freePorts(int n) throws IOException {
        java.util.List<ServerSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                open.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
            }
            return open.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }

    /**
     * Starts a server on a free loopback port; {@code extraConfig} is added to its config
     * (e.g. {@code jetstream { store_dir: ... }}, {@code authorization { token: ... }}).
     */
    public static NatsServer start(Path dir, String name, String extraConfig) throws Exception {
        return start(dir, name, freePort(), extraConfig);
    }

    public static NatsServer start(Path dir, String name, int port, String extraConfig) throws Exception {
        return startConfigured(dir, name, port, "server_name: " + name + "\nhost: 127.0.0.1\nport: " + port + "\n" + extraConfig + "\n", Map.of());
    }

    /**
     * Starts a server from a whole config of the caller's (which must make it listen on 127.0.0.1:{@code port}),
     * with {@code environment} added to its environment.
     */
    public static NatsServer startConfigured(Path dir, String name, int port, String wholeConfig, Map<String, String> environment) throws Exception {
        require();
        Files.createDirectories(dir);
        Path config = dir.resolve(name + ".conf");
        Files.writeString(config, wholeConfig);
        NatsServer server = new NatsServer(config, dir.resolve(name + ".log"), port, Map.copyOf(environment));
        server.startProcess();
        return server;
    }

    private void startProcess() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        process = pb.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nats-server exited: " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nats-server did not listen on " + port + ": " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills it at once (SIGKILL): messages in flight are lost. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts it again with the same config (after {@link #kill}). */
    public void restart() throws Exception {
        startProcess();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The servers of a cluster, for closing together. */
    public static List<NatsServer> all(NatsServer... servers) {
        return new ArrayList<>(List.of(servers));
    }
}
