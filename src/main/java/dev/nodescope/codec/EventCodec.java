package dev.nodescope.codec;

import dev.nodescope.event.Event;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Events to bytes and back, whole batches at a time: the binary event codec of nodescope, the one
 * archives store their blocks in and the one to put events on a network with.
 *
 * <p>A batch is a sequence of length-prefixed records in protobuf's wire format
 * (docs/archive.proto, message {@code Record}): each event's envelope delta-coded against the
 * previous event's, strings (addresses, message types, thread names) in a table that the batch
 * builds as it goes, hashes as their 32 bytes. A batch stands alone: it can be decoded without any
 * other. Unknown field numbers and unknown kinds of event (from a newer writer) are skipped.
 *
 * <pre>{@code
 * byte[] bytes = EventCodec.encode(events);
 * List<Event> back = EventCodec.decode(bytes);   // equal to events, field for field
 * }</pre>
 *
 * For a stream of batches without a copy per batch, use {@link BlockEncoder} (add events, take
 * {@link BlockEncoder#rawBytes()} up to {@link BlockEncoder#rawSize()}, {@link BlockEncoder#reset()})
 * and {@link BlockDecoder} (decode into an {@link EventSink}).
 */
public final class EventCodec {
    private EventCodec() {
    }

    /** One batch holding {@code events}, in their order. */
    public static byte[] encode(List<? extends Event> events) {
        BlockEncoder encoder = new BlockEncoder(256 + 64 * events.size());
        events.forEach(encoder::add);
        return Arrays.copyOf(encoder.rawBytes(), encoder.rawSize());
    }

    /** The events of a batch made by {@link #encode} (or a {@link BlockEncoder}). */
    public static List<Event> decode(byte[] batch) throws MalformedBlockException {
        return decode(batch, 0, batch.length);
    }

    /** The events of the batch in {@code bytes[offset, offset + length)}. */
    public static List<Event> decode(byte[] bytes, int offset, int length) throws MalformedBlockException {
        byte[] batch = offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        List<Event> out = new ArrayList<>();
        new BlockDecoder().decode(batch, length, new EventSink() {
            @Override
            public boolean wants(Tracepoint tracepoint) {
                return true;
            }

            @Override
            public void accept(Event event) {
                out.add(event);
            }

            @Override
            public void flush() {
            }
        }, Long.MIN_VALUE, Long.MAX_VALUE, null);
        return out;
    }
}
