package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * Writes an attack scenario's fixture lines (src/fixture/README.md): the lead-in that waits for
 * nodescope to attach, connections, P2P messages (with real payloads: version, addr, ping,
 * inv/getdata, tx; or a pattern of a given size), blocks, mempool events and sleeps; each line
 * flushed as it is made (the fixture does the sleeping, so the writer is paced by it, and a stopped
 * demo stops between lines). Addresses are made up: from the documentation ranges (RFC 5737), or
 * routable ones (11.22.0.0/16, unused on the public network as far as Bitcoin goes) where a detector
 * needs a routable netgroup; hashes are made up.
 */
final class AttackLines {
    private static final HexFormat HEX = HexFormat.of();
    static final int MSG_TX = 1;
    static final int MSG_WTX = 5;

    private final Writer out;
    private final BooleanSupplier stopped;
    private String thread = "";
    private long hashes;

    AttackLines(Writer out, BooleanSupplier stopped) {
        this.out = out;
        this.stopped = stopped;
    }

    /**
     * Waits for the tracer: on net:inbound_message, which every peer detector reads (watch attaches only what its detectors
     * need, so not "all"); then a moment, as libbpf raises the semaphore just before the program is attached.
     */
    AttackLines start() throws IOException {
        return leadIn("net:inbound_message");
    }

    /**
     * Waits (up to 30 s) until {@code tracepoint}, the one the scenario is about, is attached, then a
     * moment for the attach race (libbpf raises the semaphore just before the program is attached).
     * Not "all": {@code watch} alone attaches only what its detectors read.
     */
    AttackLines leadIn(String tracepoint) throws IOException {
        return line("wait-attached " + tracepoint + " 30000").line("sleep 300");
    }

    boolean stopped() {
        return stopped.getAsBoolean();
    }

    AttackLines sleep(long ms) throws IOException {
        return line("sleep " + ms);
    }

    AttackLines inbound(long peer, String addr) throws IOException {
        return on("b-net").line("net:inbound_connection " + peer + " " + addr + " inbound ipv4 1");
    }

    AttackLines outbound(long peer, String addr, String connType) throws IOException {
        return on("b-net").line("net:outbound_connection " + peer + " " + addr + " " + connType + " ipv4 1");
    }

    AttackLines closed(long peer, String addr, String connType) throws IOException {
        return on("b-net").line("net:closed_connection " + peer + " " + addr + " " + connType + " ipv4 1700000000");
    }

    AttackLines misbehaving(long peer, String reason) throws IOException {
        return on("b-msghand").line("net:misbehaving_connection " + peer + " \"" + reason + "\"");
    }

    /** A message received from the peer. */
    AttackLines in(long peer, String addr, String connType, String type, byte[] payload) throws IOException {
        return message("net:inbound_message", peer, addr, connType, type, payload);
    }

    /** A message sent to the peer. */
    AttackLines out(long peer, String addr, String connType, String type, byte[] payload) throws IOException {
        return message("net:outbound_message", peer, addr, connType, type, payload);
    }

    /** The peer's version and verack, as the node receives them in a handshake. */
    AttackLines handshake(long peer, String addr, String connType, String userAgent) throws IOException {
        in(peer, addr, connType, "version", version(userAgent));
        return in(peer, addr, connType, "verack", new byte[0]);
    }

    private AttackLines message(String tracepoint, long peer, String addr, String connType, String type, byte[] payload) throws IOException {
        String data = payload.length == 0 ? "zero" : "hex:" + HEX.formatHex(payload);
        return on("b-msghand").line(tracepoint + " " + peer + " " + addr + " " + connType + " " + type + " " + payload.length + " " + data);
    }

    AttackLines inboundConnection(long peer, String addr, int existing) throws IOException {
        return on("b-net").line("net:inbound_connection " + peer + " " + addr + " inbound ipv4 " + existing);
    }

    AttackLines closed(long peer, String addr, String connType, long establishedEpochS) throws IOException {
        return on("b-net").line("net:closed_connection " + peer + " " + addr + " " + connType + " ipv4 " + establishedEpochS);
    }

    AttackLines evicted(long peer, String addr, long establishedEpochS) throws IOException {
        return on("b-net").line("net:evicted_inbound_connection " + peer + " " + addr + " inbound ipv4 " + establishedEpochS);
    }

    /** A message with a pattern payload of {@code size} bytes (for detectors that read only the size). */
    AttackLines message(boolean inbound, long peer, String addr, String connType, String type, long size) throws IOException {
        return on("b-msghand").line((inbound ? "net:inbound_message " : "net:outbound_message ") + peer + " " + addr + " " + connType + " "
                + type + " " + size + (size == 0 ? " zero" : " pattern"));
    }

    AttackLines block(int height) throws IOException {
        return on("b-msghand").line("validation:block_connected " + hash() + " " + height + " 2500 6000 9000 150000000");
    }

    AttackLines rejected(String reason) throws IOException {
        return on("b-msghand").line("mempool:rejected " + hash() + " \"" + reason + "\"");
    }

    AttackLines added(int vsize, long fee) throws IOException {
        return on("b-msghand").line("mempool:added " + hash() + " " + vsize + " " + fee);
    }

    /** A distinct made-up hash each time. */
    String hash() {
        return String.format("%064x", 0xabcdef0000L + ++hashes);
    }

    /** Names the thread the next lines fire on (a line only when it changes). */
    AttackLines thread(String name) throws IOException {
        return on(name);
    }

    void flush() throws IOException {
        out.flush();
    }

    private AttackLines on(String name) throws IOException {
        if (!name.equals(thread)) {
            thread = name;
            line("thread " + name);
        }
        return this;
    }

    AttackLines line(String line) throws IOException {
        out.write(line);
        out.write('\n');
        out.flush();
        return this;
    }

    // ----- payloads, as Bitcoin Core serializes them

    /** A version message (protocol 70016, NODE_NETWORK | NODE_WITNESS | NODE_NETWORK_LIMITED, relay on). */
    static byte[] version(String userAgent) {
        byte[] ua = userAgent.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = le(106 + ua.length);
        b.putInt(70016).putLong(1033).putLong(1_731_542_400L);
        b.putLong(0).put(new byte[16]).putShort((short) 0);
        b.putLong(1033).put(new byte[16]).putShort((short) 0);
        b.putLong(0x6e6f646573636f70L);
        b.put((byte) ua.length).put(ua).putInt(870_000).put((byte) 1);
        return bytes(b);
    }

    /**
     * An addr message of {@code n} distinct IPv4 addresses from 1.0.0.0/8 up (routable), port 8333,
     * offering NODE_NETWORK | NODE_WITNESS, last seen {@code time} (Unix seconds).
     */
    static byte[] addr(int n, int first, long time) {
        ByteBuffer b = le(3 + n * 30);
        compactSize(b, n);
        for (int i = first; i < first + n; i++) {
            b.putInt((int) time).putLong(9).put(new byte[10]).put((byte) 0xff).put((byte) 0xff);
            b.put((byte) (1 + i / 65536 % 200)).put((byte) (i / 256 % 256)).put((byte) (i % 256)).put((byte) 1);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) 8333).order(ByteOrder.LITTLE_ENDIAN);
        }
        return bytes(b);
    }

    static byte[] ping(long nonce) {
        return bytes(le(8).putLong(nonce));
    }

    /** inv/getdata items of one type, hashes numbered from {@code first}. */
    static byte[] inventory(int n, int type, int first) {
        ByteBuffer b = le(3 + n * 36);
        compactSize(b, n);
        for (int i = first; i < first + n; i++) {
            byte[] hash = new byte[32];
            ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN).putInt(i).putInt(0x6e73);
            b.putInt(type).put(hash);
        }
        return bytes(b);
    }

    /** A small valid transaction (one input, one output, no witness), made distinct by {@code n}. */
    static byte[] tx(int n) {
        ByteBuffer b = le(85);
        b.putInt(2).put((byte) 1);
        byte[] prev = new byte[32];
        ByteBuffer.wrap(prev).order(ByteOrder.LITTLE_ENDIAN).putInt(n);
        b.put(prev).putInt(0).put((byte) 0).putInt(0xfffffffd);
        b.put((byte) 1).putLong(50_000).put((byte) 22).put((byte) 0).put((byte) 20).put(new byte[20]);
        b.putInt(0);
        return bytes(b);
    }

    private static void compactSize(ByteBuffer b, int n) {
        if (n < 253) {
            b.put((byte) n);
        } else {
            b.put((byte) 253).putShort((short) n);
        }
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytes(ByteBuffer b) {
        return Arrays.copyOf(b.array(), b.position());
    }
}
