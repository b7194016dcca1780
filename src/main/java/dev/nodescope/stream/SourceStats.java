package dev.nodescope.stream;

import dev.nodescope.event.Tracepoint;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What a source delivered and lost, per tracepoint (an immutable snapshot): hits at the origin
 * (the kernel's count live; what was recorded for an archive), events delivered, and losses by
 * {@link LossStage}. Live, {@code hits == received + lost(RING_RESERVE)} once drained. Records
 * lost before their tracepoint was known (decode) are counted apart, in {@link #decodeErrors()}.
 * Sources count into a {@link Tally} and publish its {@link Tally#snapshot()}.
 */
public final class SourceStats {
    private static final SourceStats EMPTY = new Tally().snapshot();

    private final long[] hits;
    private final long[] received;
    private final Map<LossStage, long[]> losses;
    private final long decodeErrors;

    private SourceStats(long[] hits, long[] received, Map<LossStage, long[]> losses, long decodeErrors) {
        this.hits = hits;
        this.received = received;
        this.losses = losses;
        this.decodeErrors = decodeErrors;
    }

    public static SourceStats empty() {
        return EMPTY;
    }

    public long hits(Tracepoint tp) {
        return hits[tp.id()];
    }

    public long received(Tracepoint tp) {
        return received[tp.id()];
    }

    public long lost(LossStage stage, Tracepoint tp) {
        long[] perTracepoint = losses.get(stage);
        return perTracepoint == null ? 0 : perTracepoint[tp.id()];
    }

    /** The stages this source counts per tracepoint, in {@link LossStage} order (decode is apart). */
    public Set<LossStage> stages() {
        return Collections.unmodifiableSet(losses.keySet());
    }

    /** Records lost before their tracepoint was known: unreadable live, or in damaged archive blocks. */
    public long decodeErrors() {
        return decodeErrors;
    }

    /** Events that never reached the tool: lost whole at any stage, plus records that could not be decoded. */
    public long eventsLost() {
        long sum = decodeErrors;
        for (Map.Entry<LossStage, long[]> e : losses.entrySet()) {
            if (e.getKey().eventLost()) {
                for (long l : e.getValue()) {
                    sum += l;
                }
            }
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

    /**
     * A source's running counts: touched by its own thread only, published as snapshots for
     * readers on other threads.
     */
    public static final class Tally {
        private final long[] hits = new long[Tracepoint.count()];
        private final long[] received = new long[Tracepoint.count()];
        private final Map<LossStage, long[]> losses = new EnumMap<>(LossStage.class);
        private long decodeErrors;

        /** Counts losses per tracepoint at these stages (the live extractor: the kernel's four). */
        public Tally(LossStage... stages) {
            for (LossStage s : stages.length > 0 ? stages : new LossStage[] {LossStage.RING_RESERVE, LossStage.PAYLOAD_DROPPED,
                    LossStage.READ_USER, LossStage.TRUNCATED}) {
                losses.put(s, new long[Tracepoint.count()]);
            }
        }

        public void received(int tracepointId) {
            received[tracepointId]++;
        }

        public void addHits(int tracepointId, long n) {
            hits[tracepointId] += n;
        }

        public void setHits(int tracepointId, long n) {
            hits[tracepointId] = n;
        }

        /** Adds to a stage's count; a stage this tally does not count is ignored. */
        public void addLost(LossStage stage, int tracepointId, long n) {
            long[] perTracepoint = losses.get(stage);
            if (perTracepoint != null) {
                perTracepoint[tracepointId] += n;
            }
        }

        public void setLost(LossStage stage, int tracepointId, long n) {
            long[] perTracepoint = losses.get(stage);
            if (perTracepoint != null) {
                perTracepoint[tracepointId] = n;
            }
        }

        public long lost(LossStage stage, int tracepointId) {
            long[] perTracepoint = losses.get(stage);
            return perTracepoint == null ? 0 : perTracepoint[tracepointId];
        }

        public void addDecodeErrors(long n) {
            decodeErrors += n;
        }

        public long decodeErrors() {
            return decodeErrors;
        }

        public SourceStats snapshot() {
            Map<LossStage, long[]> copy = new EnumMap<>(LossStage.class);
            losses.forEach((k, v) -> copy.put(k, v.clone()));
            return new SourceStats(hits.clone(), received.clone(), copy, decodeErrors);
        }
    }
}
