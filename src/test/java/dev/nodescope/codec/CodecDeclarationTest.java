package dev.nodescope.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.nodescope.archive.SyntheticEvents;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The binary codec against the event declarations: the hand-written encoder and decoder of the
 * hot path write and read exactly what {@link DeclaredCodec} derives from {@code @EventField},
 * every kind of event comes back field for field through the public API, and docs/archive.proto
 * names every declared field with its number and type.
 */
class CodecDeclarationTest {
    private static final List<Event> EVENTS = java.util.stream.Stream.concat(SyntheticEvents.mix(3_000, 31).stream(),
            SyntheticEvents.alerts(8_000_000_000L).stream()).toList();

    @Test
    void everyKindOfEventRoundTripsThroughThePublicApi() throws Exception {
        Set<Class<?>> kinds = new HashSet<>();
        EVENTS.forEach(e -> kinds.add(e.getClass()));
        assertThat(kinds).hasSize(EventSchema.all().size());
        byte[] batch = EventCodec.encode(EVENTS);
        List<Event> back = EventCodec.decode(batch);
        assertThat(back).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(EVENTS);
        assertThat(SyntheticEvents.json(back)).containsExactlyElementsOf(SyntheticEvents.json(EVENTS));
        // a batch in the middle of a larger buffer
        byte[] padded = new byte[batch.length + 10];
        System.arraycopy(batch, 0, padded, 5, batch.length);
        assertThat(SyntheticEvents.json(EventCodec.decode(padded, 5, batch.length))).containsExactlyElementsOf(SyntheticEvents.json(EVENTS));
    }

    @Test
    void theHandWrittenEncoderWritesTheDeclaredBodies() throws Exception {
        for (Event e : EVENTS) {
            BlockEncoder encoder = new BlockEncoder(1 << 10);
            encoder.add(e);
            byte[] block = Arrays.copyOf(encoder.rawBytes(), encoder.rawSize());
            // the block: string definitions, then the event's record with its body last
            List<String> strings = new ArrayList<>(List.of(""));
            byte[] body = null;
            int bodyField = 0;
            CodedInputStream in = CodedInputStream.newInstance(block);
            while (!in.isAtEnd()) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (!in.isAtEnd()) {
                    int tag = in.readTag();
                    int field = WireFormat.getTagFieldNumber(tag);
                    if (field == Wire.STRING_DEF) {
                        strings.add(in.readStringRequireUtf8());
                    } else if (field >= Wire.TRACEPOINT_BASE) {
                        bodyField = field;
                        body = in.readByteArray();
                    } else {
                        in.skipField(tag);
                    }
                }
                in.popLimit(limit);
            }
            EventSpec spec = EventSchema.of(e);
            assertThat(bodyField).as(spec.name() + " record field").isEqualTo(spec.wire());
            byte[] declared = new byte[(1 << 16) + DeclaredCodec.extraBytes(spec, e)];
            CodedOutputStream out = CodedOutputStream.newInstance(declared);
            DeclaredCodec.write(spec, e, DeclaredCodec.refs(spec, e, strings::indexOf), out);
            out.flush();
            assertThat(body).as(spec.name() + " body").isEqualTo(Arrays.copyOf(declared, out.getTotalBytesWritten()));
            // and the declared reader takes it back
            Event back = DeclaredCodec.read(spec, e.meta(), CodedInputStream.newInstance(body), strings::get);
            assertThat(back).as(spec.name()).usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void theHandWrittenDecoderReadsTheDeclaredBodies() throws Exception {
        // bodies written by the declared encoder alone, framed as the block encoder frames them
        for (Event e : EVENTS) {
            EventSpec spec = EventSchema.of(e);
            List<String> strings = new ArrayList<>(List.of(""));
            Map<String, Integer> index = new HashMap<>();
            int[] refs = DeclaredCodec.refs(spec, e, s -> s == null || s.isEmpty() ? 0 : index.computeIfAbsent(s, k -> {
                strings.add(k);
                return strings.size() - 1;
            }));
            byte[] body = new byte[(1 << 16) + DeclaredCodec.extraBytes(spec, e)];
            CodedOutputStream bodyOut = CodedOutputStream.newInstance(body);
            DeclaredCodec.write(spec, e, refs, bodyOut);
            bodyOut.flush();
            byte[] block = new byte[body.length + (1 << 12)];
            CodedOutputStream out = CodedOutputStream.newInstance(block);
            for (String s : strings.subList(1, strings.size())) {
                out.writeUInt32NoTag(CodedOutputStream.computeStringSize(Wire.STRING_DEF, s));
                out.writeString(Wire.STRING_DEF, s);
            }
            EventMeta m = e.meta();
            byte[] record = new byte[block.length];
            CodedOutputStream r = CodedOutputStream.newInstance(record);
            r.writeSInt64(Wire.MONO_DELTA, m.monoNs());
            r.writeSInt64(Wire.WALL_DELTA, m.epochNanos() - m.monoNs());
            r.writeSInt64(Wire.SEQ_DELTA, m.seq());
            r.writeSInt32(Wire.PID_DELTA, m.pid());
            r.writeSInt32(Wire.TID_MINUS_PID, m.tid() - m.pid());
            r.writeByteArray(spec.wire(), Arrays.copyOf(body, bodyOut.getTotalBytesWritten()));
            r.flush();
            out.writeUInt32NoTag(r.getTotalBytesWritten());
            out.writeRawBytes(record, 0, r.getTotalBytesWritten());
            out.flush();
            List<Event> back = new ArrayList<>();
            back.addAll(EventCodec.decode(block, 0, out.getTotalBytesWritten()));
            // the test's envelope has no thread nor node: compare the fields
            assertThat(back).hasSize(1);
            for (FieldSpec f : spec.fields()) {
                assertThat(f.get(back.getFirst())).as(spec.name() + "." + f.name()).usingRecursiveComparison().isEqualTo(f.get(e));
            }
        }
    }

    @Test
    void archiveProtoNamesEveryDeclaredFieldWithItsNumberAndType() throws Exception {
        String proto = Files.readString(Path.of("docs/archive.proto")).replaceAll("//[^\\n]*", "");
        Map<String, Map<String, String>> messages = new HashMap<>(); // message -> field -> "type number"
        Matcher message = Pattern.compile("message (\\w+) \\{(.*?)\\}", Pattern.DOTALL).matcher(proto);
        while (message.find()) {
            Map<String, String> fields = new HashMap<>();
            Matcher field = Pattern.compile("((?:repeated )?\\w+) (\\w+) = (\\d+);").matcher(message.group(2));
            while (field.find()) {
                fields.put(field.group(2), field.group(1) + " " + field.group(3));
            }
            messages.put(message.group(1), fields);
        }
        // Record's oneof: which message holds which record field
        Map<Integer, String> bodies = new HashMap<>();
        String oneof = proto.substring(proto.indexOf("oneof body"));
        Matcher body = Pattern.compile("(\\w+) \\w+ = (\\d+);").matcher(oneof.substring(0, oneof.indexOf('}')));
        while (body.find()) {
            bodies.put(Integer.parseInt(body.group(2)), body.group(1));
        }
        for (EventSpec spec : EventSchema.all()) {
            String name = bodies.get(spec.wire());
            assertThat(name).as(spec.name() + " in Record's oneof at " + spec.wire()).isNotNull();
            Map<String, String> fields = messages.get(name);
            assertThat(fields).as("message " + name).isNotNull();
            for (FieldSpec f : spec.fields()) {
                assertThat(fields.get(f.name())).as(name + "." + f.name() + " in docs/archive.proto")
                        .isEqualTo(f.encoding().protoType() + " " + f.wire());
            }
            assertThat(fields).as("message " + name + " has no field the declaration lacks").hasSize(spec.fields().size());
        }
    }
}
