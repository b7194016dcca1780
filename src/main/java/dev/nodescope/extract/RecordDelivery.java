package dev.nodescope.extract;

import dev.nodescope.bpf.RingBuffer;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.SourceStats;
import java.lang.foreign.MemorySegment;

/**
 * One ring-buffer record to the sink: counted per tracepoint, decoded when someone wants it. The
 * live extractor's per-record step, a class of its own so that a rehearsal on synthetic records
 * ({@link SyntheticRecords}) runs the very same code, and the JIT compiles it before the node's
 * events come (issue 18).
 */
final class RecordDelivery implements RingBuffer.RecordHandler {
    private final RecordDecoder decoder;
    private final SourceStats.Tally stats;
    private final boolean[] wanted;
    private final EventSink sink;

    /** Records of tracepoints {@code sink} does not want are only counted (asked once, here). */
    RecordDelivery(RecordDecoder decoder, SourceStats.Tally stats, EventSink sink) {
        this.decoder = decoder;
        this.stats = stats;
        this.sink = sink;
        this.wanted = new boolean[Tracepoint.count()];
        for (Tracepoint tp : Tracepoint.values()) {
            wanted[tp.id()] = sink.wants(tp);
        }
    }

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        int id = RecordDecoder.tracepointId(data, offset, length);
        if (id < 0) {
            stats.addDecodeErrors(1);
            return;
        }
        stats.received(id);
        if (wanted[id]) {
            sink.accept(decoder.decode(data, offset, length, id));
        }
    }
}
