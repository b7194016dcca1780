package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * Writes an attack scenario's fixture lines: the lead-in that waits for nodescope to attach, the
 * tracepoint lines of a few kinds, and sleeps, each flushed (the fixture does the sleeping, so the
 * writer is paced by it). Addresses are from the documentation ranges (RFC 5737); hashes are made up.
 */
final class AttackLines {
    private final Writer out;
    private final BooleanSupplier stopped;
    private String thread = "";
    private long hashes;

    AttackLines(Writer out, BooleanSupplier stopped) {
        this.out = out;
        this.stopped = stopped;
    }

    /** Whether the demo was stopped: the scenario returns. */
    boolean stopped() {
        return stopped.getAsBoolean();
    }

    /**
     * Waits (up to 30 s) until {@code tracepoint}, the one the scenario is about, is attached, then a
     * moment for the attach race (src/fixture/README.md). Not all of them: {@code watch} alone attaches
     * only what its detectors read.
     */
    void leadIn(String tracepoint) throws IOException {
        line("wait-attached " + tracepoint + " 30000");
        sleep(300);
    }

    void sleep(long ms) throws IOException {
        line("sleep " + ms);
        out.flush();
    }

    void thread(String name) throws IOException {
        if (!name.equals(thread)) {
            line("thread " + name);
            thread = name;
        }
    }

    void inboundConnection(long peer, String addr, int existing) throws IOException {
        thread("b-net");
        line("net:inbound_connection " + peer + " " + addr + " inbound ipv4 " + existing);
    }

    void closed(long peer, String addr, String connType, long establishedEpochS) throws IOException {
        thread("b-net");
        line("net:closed_connection " + peer + " " + addr + " " + connType + " ipv4 " + establishedEpochS);
    }

    void evicted(long peer, String addr, long establishedEpochS) throws IOException {
        thread("b-net");
        line("net:evicted_inbound_connection " + peer + " " + addr + " inbound ipv4 " + establishedEpochS);
    }

    /** A message with a pattern payload of {@code size} bytes (only the size matters to the detectors that read these). */
    void message(boolean inbound, long peer, String addr, String connType, String type, long size) throws IOException {
        thread("b-msghand");
        line((inbound ? "net:inbound_message " : "net:outbound_message ") + peer + " " + addr + " " + connType + " " + type + " " + size
                + (size == 0 ? " zero" : " pattern"));
    }

    void block(int height) throws IOException {
        thread("b-msghand");
        line("validation:block_connected " + hash() + " " + height + " 2500 6000 9000 150000000");
    }

    void rejected(String reason) throws IOException {
        thread("b-msghand");
        line("mempool:rejected " + hash() + " \"" + reason + "\"");
    }

    void added(int vsize, long fee) throws IOException {
        thread("b-msghand");
        line("mempool:added " + hash() + " " + vsize + " " + fee);
    }

    /** A distinct made-up hash each time. */
    String hash() {
        return String.format("%064x", 0xabcdef0000L + ++hashes);
    }

    void line(String line) throws IOException {
        out.write(line);
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }
}
