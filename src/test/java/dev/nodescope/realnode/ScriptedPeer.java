package dev.nodescope.realnode;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted Bitcoin P2P peer (v1 transport, regtest) that dials a node on 127.0.0.1 and does what
 * it is told, one command per line on standard input, answering "ok COMMAND" (or "error ...") on
 * standard output:
 * <pre>
 *   handshake             version, wait for the node's version and verack, verack
 *   addr N [FIRST]        one addr message with N routable IPv4 addresses (FIRST: index of the first, default 0)
 *   ping N                N pings
 *   sync                  a ping, answered once the node's pong arrives: everything before it was processed
 *   close                 closes the connection and exits
 * </pre>
 * With {@code listen} before the port it waits for the node to dial it instead (an outbound peer of
 * the node, e.g. after {@code addnode ... onetry}), printing "listening" once it can be dialled.
 * It runs as its own process so the test can start it inside the nodes' private network namespace
 * ({@link PrivateNetwork#inside}). Attack traffic for the watch detectors and addrman tests is
 * made of these messages.
 */
public final class ScriptedPeer {
    private static final byte[] REGTEST_MAGIC = {(byte) 0xfa, (byte) 0xbf, (byte) 0xb5, (byte) 0xda};
    private static final int PROTOCOL_VERSION = 70016;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final CountDownLatch verack = new CountDownLatch(1);
    private final CountDownLatch version = new CountDownLatch(1);
    private volatile long lastPong = -1;
    private long nonce = 1;

    private ScriptedPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static void main(String[] args) throws Exception {
        ScriptedPeer peer;
        if (args[0].equals("listen")) {
            try (java.net.ServerSocket server = new java.net.ServerSocket(Integer.parseInt(args[1]), 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                System.out.println("listening");
                System.out.flush();
                peer = new ScriptedPeer(server.accept());
            }
        } else {
            peer = new ScriptedPeer(new Socket("127.0.0.1", Integer.parseInt(args[0])));
        }
        Thread.ofPlatform().daemon(true).start(peer::readLoop);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "handshake" -> peer.handshake();
                    case "addr" -> peer.addr(Integer.parseInt(words[1]), words.length > 2 ? Integer.parseInt(words[2]) : 0);
                    case "ping" -> {
                        for (int i = Integer.parseInt(words[1]); i > 0; i--) {
                            peer.send("ping", peer.pingPayload());
                        }
                    }
                    case "sync" -> peer.sync();
                    case "close" -> {
                        peer.socket.close();
                        System.out.println("ok close");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command " + words[0]);
                }
                System.out.println("ok " + words[0]);
            } catch (Exception e) {
                System.out.println("error " + words[0] + ": " + e);
            }
            System.out.flush();
        }
    }

    private void handshake() throws Exception {
        ByteBuffer b = le(200);
        b.putInt(PROTOCOL_VERSION).putLong(9).putLong(System.currentTimeMillis() / 1000);
        putAddress(b, 0, new byte[] {127, 0, 0, 1}, socket.getPort());
        putAddress(b, 0, new byte[] {0, 0, 0, 0}, 0);
        b.putLong(0x6e6f646573636f70L); // nonce
        byte[] agent = "/nodescope-scripted-peer:0.1/".getBytes(StandardCharsets.US_ASCII);
        b.put((byte) agent.length).put(agent).putInt(0).put((byte) 1);
        send("version", bytes(b));
        if (!version.await(30, TimeUnit.SECONDS)) {
            throw new IOException("the node sent no version");
        }
        send("verack", new byte[0]);
        if (!verack.await(30, TimeUnit.SECONDS)) {
            throw new IOException("the node sent no verack");
        }
    }

    /** N addresses 10.x would be unroutable: these are in 1.0.0.0/8 onward, distinct, port 8333, seen now. */
    private void addr(int n, int first) throws IOException {
        ByteBuffer b = le(3 + n * 30);
        putCompactSize(b, n);
        long now = System.currentTimeMillis() / 1000;
        for (int i = first; i < first + n; i++) {
            b.putInt((int) now).putLong(9);
            putAddress(b, -1, new byte[] {(byte) (1 + i / 65536 % 200), (byte) (i / 256 % 256), (byte) (i % 256), 1}, 8333);
        }
        send("addr", bytes(b));
    }

    private void sync() throws Exception {
        long mine = nonce;
        send("ping", pingPayload());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lastPong != mine) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no pong for nonce " + mine);
            }
            Thread.sleep(10);
        }
    }

    private byte[] pingPayload() {
        return bytes(le(8).putLong(nonce++));
    }

    private void readLoop() {
        try {
            byte[] header = new byte[24];
            while (true) {
                in.readFully(header);
                String command = new String(header, 4, 12, StandardCharsets.US_ASCII).replace("\0", "");
                int length = ByteBuffer.wrap(header, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] payload = new byte[length];
                in.readFully(payload);
                switch (command) {
                    case "version" -> version.countDown();
                    case "verack" -> verack.countDown();
                    case "ping" -> send("pong", payload);
                    case "pong" -> lastPong = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    default -> {
                        // nothing else matters to a script
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("disconnected");
            System.out.flush();
        }
    }

    private synchronized void send(String command, byte[] payload) throws IOException {
        ByteBuffer b = le(24 + payload.length);
        b.put(REGTEST_MAGIC);
        byte[] name = new byte[12];
        byte[] ascii = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, name, 0, ascii.length);
        b.put(name).putInt(payload.length).put(sha256d(payload), 0, 4).put(payload);
        out.write(b.array());
        out.flush();
    }

    /** An address as in version (no time) or addr (time written by the caller): services, IPv4-mapped IPv6, port big-endian. */
    private static void putAddress(ByteBuffer b, long services, byte[] ipv4, int port) {
        if (services >= 0) {
            b.putLong(services);
        }
        b.put(new byte[10]).put((byte) 0xff).put((byte) 0xff).put(ipv4);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putCompactSize(ByteBuffer b, int n) {
        if (n < 0xfd) {
            b.put((byte) n);
        } else {
            b.put((byte) 0xfd).putShort((short) n);
        }
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    private static byte[] sha256d(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Drives a ScriptedPeer process from a test. */
    static final class Driver implements AutoCloseable {
        private final Process process;
        private final BufferedReader replies;
        private final OutputStream commands;

        Driver(PrivateNetwork network, int port) throws IOException {
            this(network, List.of(Integer.toString(port)));
        }

        private Driver(PrivateNetwork network, List<String> args) throws IOException {
            String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(javaBinary, "-cp", System.getProperty("java.class.path"),
                    ScriptedPeer.class.getName()));
            command.addAll(args);
            process = new ProcessBuilder(network.inside(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = process.getOutputStream();
        }

        /** A peer the node dials: returns once it listens on 127.0.0.1:{@code port}; its first command waits for the node. */
        static Driver listening(PrivateNetwork network, int port) throws IOException {
            Driver d = new Driver(network, List.of("listen", Integer.toString(port)));
            String first = d.replies.readLine();
            if (!"listening".equals(first)) {
                d.process.destroy();
                throw new AssertionError("scripted peer did not listen on " + port + ": " + first);
            }
            return d;
        }

        /** Sends one command and waits for its answer; a peer the node disconnected answers "disconnected". */
        String run(String command) throws IOException {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
            String reply = replies.readLine();
            if (reply == null || reply.startsWith("error")) {
                throw new AssertionError("scripted peer: " + command + " -> " + reply);
            }
            return reply;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
