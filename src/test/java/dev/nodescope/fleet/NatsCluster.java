package dev.nodescope.fleet;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three (or more) real nats-servers on loopback routed into one cluster, each with JetStream on
 * its own store directory: what a fleet's central NATS looks like (docs/fleet.md), for tests that
 * kill one server and expect the others to carry on.
 */
public final class NatsCluster implements AutoCloseable {
    /** How long the servers get to route to each other and elect JetStream's meta leader. */
    private static final Duration READY = Duration.ofSeconds(30);

    private final List<NatsServer> servers;

    private NatsCluster(List<NatsServer> servers) {
        this.servers = servers;
    }

    /** The servers a test started itself (from configs of its own), to be closed together. */
    public static NatsCluster of(List<NatsServer> servers) {
        return new NatsCluster(servers);
    }

    /** Starts {@code size} servers named {@code name}-1.. in cluster {@code name}, and waits until JetStream answers on each. */
    public static NatsCluster start(Path dir, String name, int size) throws Exception {
        NatsServer.require();
        List<Integer> ports = NatsServer.freePorts(2 * size);
        List<Integer> clientPorts = ports.subList(0, size);
        List<Integer> routePorts = ports.subList(size, 2 * size);
        String routes = routePorts.stream().map(p -> "nats-route://127.0.0.1:" + p).collect(Collectors.joining(", "));
        List<NatsServer> servers = new ArrayList<>();
        NatsCluster cluster = new NatsCluster(servers);
        try {
            for (int i = 0; i < size; i++) {
                String server = name + "-" + (i + 1);
                servers.add(NatsServer.start(dir, server, clientPorts.get(i),
                        "jetstream { store_dir: \"" + dir.resolve(server + "-js") + "\" }\n"
                                + "cluster { name: " + name + ", host: 127.0.0.1, port: " + routePorts.get(i) + ", routes: [" + routes + "] }"));
            }
            for (NatsServer s : servers) {
                awaitJetStream(s.url());
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Waits until JetStream on {@code url} answers (the cluster has routed and has a meta leader). */
    public static void awaitJetStream(String url) throws Exception {
        awaitJetStream(url, null, null);
    }

    /** The same, as {@code user} with {@code password} (a server with an authorization block); no user: anonymous. */
    public static void awaitJetStream(String url, String user, String password) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            Options.Builder options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2));
            if (user != null) {
                options.userInfo(user.toCharArray(), password.toCharArray());
            }
            try (Connection c = Nats.connect(options.build())) {
                c.jetStreamManagement().getAccountStatistics();
                return;
            } catch (Exception notYet) {
                last = notYet;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("JetStream on " + url + " did not become ready within " + READY, last);
    }

    /** Waits until stream {@code name} answers on {@code url} (after a server with one of its replicas went, a new leader). */
    public static void awaitStream(String url, String name) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2)).build())) {
                c.jetStreamManagement().getStreamInfo(name);
                return;
            } catch (Exception notYet) {
                last = notYet;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("stream " + name + " on " + url + " did not answer within " + READY, last);
    }

    public NatsServer server(int i) {
        return servers.get(i);
    }

    public List<NatsServer> servers() {
        return servers;
    }

    /** Every server's URL, comma-separated: what {@code --nats} takes. */
    public String urls() {
        return servers.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (NatsServer s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
