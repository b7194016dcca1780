package dev.nodescope.realnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One real bitcoind on regtest inside a {@link PrivateNetwork}: it listens and serves RPC on
 * 127.0.0.1 only, dials nobody on its own, and is driven with bitcoin-cli (cookie auth from its
 * own data directory) from inside the same namespace.
 */
final class RegtestNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateNetwork network;
    private final Path datadir;
    private final int p2pPort;
    private final int rpcPort;
    private final Process process;

    private RegtestNode(PrivateNetwork network, Path datadir, int p2pPort, int rpcPort, Process process) {
        this.network = network;
        this.datadir = datadir;
        this.p2pPort = p2pPort;
        this.rpcPort = rpcPort;
        this.process = process;
    }

    /**
     * Starts node number {@code index} (its ports derive from it; the namespace is ours alone, so
     * fixed ports cannot collide) and waits until its RPC answers.
     */
    static RegtestNode start(PrivateNetwork network, Path datadir, int index, String... extra) throws Exception {
        Files.createDirectories(datadir);
        int p2p = 19000 + index;
        int rpc = 19100 + index;
        List<String> command = new ArrayList<>(List.of(RealNodes.bitcoind().toString(), "-regtest", "-datadir=" + datadir,
                "-connect=0", "-dnsseed=0", "-fixedseeds=0", "-listenonion=0", "-discover=0",
                "-listen=1", "-bind=127.0.0.1:" + p2p, "-port=" + p2p,
                "-server=1", "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-rpcport=" + rpc,
                "-fallbackfee=0.0002", "-printtoconsole=0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(network.inside(command))
                .redirectErrorStream(true).redirectOutput(datadir.resolve("stdout.log").toFile()).start();
        RegtestNode node = new RegtestNode(network, datadir, p2p, rpc, process);
        node.cli(List.of("-rpcwait", "-rpcwaittimeout=60"), "getblockcount");
        return node;
    }

    /** The bitcoind's pid (nsenter execs it, so it is the process we started). */
    long pid() {
        return process.pid();
    }

    int p2pPort() {
        return p2pPort;
    }

    int rpcPort() {
        return rpcPort;
    }

    Path datadir() {
        return datadir;
    }

    /** An RPC call; arguments are passed as bitcoin-cli takes them (JSON where the RPC wants JSON). */
    JsonNode rpc(String method, Object... args) throws Exception {
        String out = cli(List.of(), method, args);
        return out.isBlank() ? JSON.nullNode() : JSON.readTree(out.strip().startsWith("{") || out.strip().startsWith("[")
                || out.strip().matches("-?[0-9.e]+|true|false|null") ? out : JSON.writeValueAsString(out.strip()));
    }

    /** An RPC call expected to fail; returns bitcoin-cli's error text. */
    String rpcError(String method, Object... args) throws Exception {
        try {
            String out = cli(List.of(), method, args);
            throw new AssertionError(method + " succeeded but was expected to fail: " + out);
        } catch (RpcFailure failure) {
            return failure.getMessage();
        }
    }

    private String cli(List<String> options, String method, Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RealNodes.bitcoinCli().toString(), "-regtest", "-datadir=" + datadir,
                "-rpcconnect=127.0.0.1", "-rpcport=" + rpcPort));
        command.addAll(options);
        command.add(method);
        for (Object arg : args) {
            command.add(arg instanceof String s ? s : JSON.writeValueAsString(arg));
        }
        Process p = new ProcessBuilder(network.inside(command)).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p, false));
        String out = readAll(p, true);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bitcoin-cli " + method + " did not answer within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new RpcFailure(err.get().strip());
        }
        return out;
    }

    private static String readAll(Process p, boolean stdout) {
        try {
            return new String((stdout ? p.getInputStream() : p.getErrorStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Mines {@code n} blocks to a fresh address of wallet {@code wallet} (or a fixed script without one). */
    List<String> mine(int n, String address) throws Exception {
        List<String> hashes = new ArrayList<>();
        rpc("generatetoaddress", n, address).forEach(h -> hashes.add(h.asText()));
        return hashes;
    }

    /** Dials {@code other} once, as a manual connection, and waits until both sides have finished the handshake. */
    void connect(RegtestNode other) throws Exception {
        rpc("addnode", "127.0.0.1:" + other.p2pPort, "onetry");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (hasVersionedPeer(this) && hasVersionedPeer(other)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no connection between the nodes within 30 s");
    }

    private static boolean hasVersionedPeer(RegtestNode node) throws Exception {
        for (JsonNode peer : node.rpc("getpeerinfo")) {
            if (peer.path("version").asInt() > 0 && !peer.path("subver").asText().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                cli(List.of(), "stop");
            } catch (RpcFailure ignored) {
                // already stopping
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static final class RpcFailure extends Exception {
        RpcFailure(String message) {
            super(message);
        }
    }
}
