package dev.nodescope.stream;

import dev.nodescope.event.Tracepoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the extractor saw, per tracepoint: hits counted in the kernel, events received in user
 * space, and every loss by stage. {@code hits == received + lost(ring_reserve)} once drained.
 * Also how full the ring buffer was: bytes waiting at the last snapshot and the most seen before
 * a drain since the start, out of {@code ringBytes}; a peak near the size means losses are near.
 */
public record ExtractionStats(long[] hits, long[] received, Map<String, long[]> losses, long decodeErrors, long ringBytes,
                              long ringPendingBytes, long ringPeakBytes) {
    public static final String RING_RESERVE = "ring_reserve";
    public static final String READ_USER = "read_user";
    public static final String TRUNCATED = "truncated";
    public static final String PAYLOAD_DROPPED = "payload_dropped";
    public static final String DECODE = "decode";

    public static ExtractionStats empty() {
        Map<String, long[]> losses = new LinkedHashMap<>();
        for (String stage : new String[] {RING_RESERVE, PAYLOAD_DROPPED, READ_USER, TRUNCATED}) {
            losses.put(stage, new long[Tracepoint.count()]);
        }
        return new ExtractionStats(new long[Tracepoint.count()], new long[Tracepoint.count()], losses, 0, 0, 0, 0);
    }

    public long hits(Tracepoint tp) {
        return hits[tp.id()];
    }

    public long received(Tracepoint tp) {
        return received[tp.id()];
    }

    public long lost(String stage, Tracepoint tp) {
        long[] perTracepoint = losses.get(stage);
        return perTracepoint == null ? 0 : perTracepoint[tp.id()];
    }

    /** Events that never reached user space: lost in the kernel plus records user space could not read. */
    public long eventsLost() {
        long sum = decodeErrors;
        for (long l : losses.get(RING_RESERVE)) {
            sum += l;
        }
        return sum;
    }

    public long totalReceived() {
        long sum = 0;
        for (long r : received) {
            sum += r;
        }
        return sum;
    }

    public ExtractionStats copy(long decodeErrorsNow, long ringSize, long ringPending, long ringPeak) {
        Map<String, long[]> l = new LinkedHashMap<>();
        losses.forEach((k, v) -> l.put(k, v.clone()));
        return new ExtractionStats(hits.clone(), received.clone(), l, decodeErrorsNow, ringSize, ringPending, ringPeak);
    }
}
