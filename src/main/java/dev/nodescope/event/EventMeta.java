package dev.nodescope.event;

import java.time.Instant;

/**
 * The envelope of every event: node label, traced process and thread, kernel monotonic timestamp
 * ({@code bpf_ktime_get_ns}), the UTC wall time derived from it, and the per-source sequence number.
 */
public record EventMeta(String node, int pid, int tid, String thread, long monoNs, long epochNanos, long seq) {
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
