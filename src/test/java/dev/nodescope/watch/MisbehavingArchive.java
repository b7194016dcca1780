package dev.nodescope.watch;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MisbehavingConnection;
import dev.nodescope.event.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording the sinks' tests share: three inbound peers of node n1 misbehave (the misbehaving
 * detector fires at once, whatever else other engineers add to the defaults), one disconnects, a
 * fourth connects at the end.
 * Under {@link #RULES} (the defaults with an alert per misbehaving peer) it raises exactly {@link #ALERTS}.
 */
public final class MisbehavingArchive {
    public static final long T0 = 1_764_662_400_000_000_000L; // 2025-12-02T08:00:00Z
    public static final long S = 1_000_000_000L;

    /** The alerts, as WatchEngineTest's lines (ms after T0, name, state, severity, subject, summary, evidence). */
    public static final List<String> ALERTS = List.of(
            "2000ms misbehaving firing warning peer:7 peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001 {misbehaviours=1}",
            "3000ms misbehaving firing warning peer:8 peer 8 (198.51.100.8:8333, inbound) misbehaved: headers message size = 2001 {misbehaviours=1}",
            "4000ms misbehaving firing warning peer:9 peer 9 (192.0.2.9:8333, inbound) misbehaved: mutated block {misbehaviours=1}",
            "5000ms misbehaving resolved warning peer:7 peer disconnected after 3s: peer 7 (203.0.113.7:8333, inbound) misbehaved: addr message size = 1001 {misbehaviours=1}");

    /** The default rules, with the misbehaving detector's alert per peer on. */
    public static final String RULES = "detectors:\n  misbehaving:\n    per_peer: 1\n";

    private MisbehavingArchive() {
    }

    /** {@link #RULES} in a file of {@code dir}, for --rules. */
    public static String rules(Path dir) throws IOException {
        return java.nio.file.Files.writeString(dir.resolve("per-peer-rules.yaml"), RULES).toString();
    }

    public static EventMeta meta(long t, long seq) {
        return new EventMeta("n1", 42, 43, "b-net", t - T0 + 5 * S, t, seq);
    }

    /** Writes the recording into {@code dir}; {@code payloads}: the ping messages carry their 8 payload bytes. */
    public static Path write(Path dir, boolean payloads) throws IOException {
        try (Recorder r = Recorder.builder().directory(dir)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "n1", "pid 42", List.of(), payloads ? "full" : "none", false, "", "", 1))
                .build()) {
            long seq = 0;
            r.accept(new InboundConnection(meta(T0, seq++), 7, "203.0.113.7:8333", "inbound", Network.IPV4, 1));
            r.accept(new InboundConnection(meta(T0 + 100_000_000L, seq++), 8, "198.51.100.8:8333", "inbound", Network.IPV4, 2));
            r.accept(new InboundConnection(meta(T0 + 200_000_000L, seq++), 9, "192.0.2.9:8333", "inbound", Network.IPV4, 3));
            byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
            r.accept(new InboundMessage(meta(T0 + S, seq++), 7, "203.0.113.7:8333", "inbound", "ping", 8, payloads ? 8 : 0, false,
                    payloads ? nonce : null));
            r.accept(new MisbehavingConnection(meta(T0 + 2 * S, seq++), 7, "addr message size = 1001"));
            r.accept(new MisbehavingConnection(meta(T0 + 3 * S, seq++), 8, "headers message size = 2001"));
            r.accept(new MisbehavingConnection(meta(T0 + 4 * S, seq++), 9, "mutated block"));
            r.accept(new ClosedConnection(meta(T0 + 5 * S, seq++), 7, "203.0.113.7:8333", "inbound", Network.IPV4, T0 / S));
            // the engine's clock goes as far as the events it reads (connections): to +10 s
            r.accept(new InboundConnection(meta(T0 + 10 * S, seq), 10, "192.0.2.10:8333", "inbound", Network.IPV4, 3));
        }
        return dir;
    }
}
