package dev.nodescope.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import dev.nodescope.event.schema.WireEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The body of any event encoded and decoded from its declaration alone (field numbers and
 * encodings of {@code @EventField}). It is how events without hand-written code are stored (the
 * events of nodescope itself, and a newly declared tracepoint until it gets some), and the
 * reference the hand-written code of the hot path is tested against: both must give the same bytes.
 */
final class DeclaredCodec {
    private DeclaredCodec() {
    }

    /**
     * The string-table references the body will use, in field order: resolved before the body is
     * written, because each new string is a record of its own that must come first.
     */
    static int[] refs(EventSpec spec, Event e, ToIntFunction<String> ref) {
        List<FieldSpec> fields = spec.fields();
        int[] refs = new int[fields.size()];
        for (int i = 0; i < refs.length; i++) {
            FieldSpec f = fields.get(i);
            if (f.encoding() == WireEncoding.STRING_REF) {
                refs[i] = ref.applyAsInt((String) f.get(e));
            }
        }
        return refs;
    }

    /** Bytes a body may need beyond the 64 KiB every output has (the payload). */
    static int extraBytes(EventSpec spec, Event e) {
        int extra = 0;
        for (FieldSpec f : spec.fields()) {
            if (f.encoding() == WireEncoding.BYTES && f.get(e) instanceof byte[] b) {
                extra += b.length;
            }
        }
        return extra;
    }

    static void write(EventSpec spec, Event e, int[] refs, CodedOutputStream out) throws IOException {
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            int n = f.wire();
            Object v = f.get(e);
            switch (f.encoding()) {
                case INT64 -> {
                    long x = ((Number) v).longValue();
                    if (x != 0) {
                        out.writeInt64(n, x);
                    }
                }
                case UINT32 -> {
                    int x = ((Number) v).intValue();
                    if (x != 0) {
                        out.writeUInt32(n, x);
                    }
                }
                case SINT64 -> {
                    long x = ((Number) v).longValue();
                    if (x != 0) {
                        out.writeSInt64(n, x);
                    }
                }
                case SINT32 -> out.writeSInt32(n, ((Number) v).intValue());
                case BOOL -> {
                    if ((Boolean) v) {
                        out.writeBool(n, true);
                    }
                }
                case TRI_STATE -> {
                    if (v != null) {
                        out.writeUInt32(n, (Boolean) v ? 2 : 1);
                    }
                }
                case STRING_REF -> {
                    if (refs[i] != 0) {
                        out.writeUInt32(n, refs[i]);
                    }
                }
                case STRING -> out.writeString(n, (String) v);
                case OPTIONAL_STRING -> {
                    if (v != null && !((String) v).isEmpty()) {
                        out.writeString(n, (String) v);
                    }
                }
                case STRINGS -> {
                    for (Object s : (List<?>) v) {
                        out.writeString(n, (String) s);
                    }
                }
                case HASH -> {
                    String h = (String) v;
                    if (h != null && !h.isEmpty()) {
                        out.writeByteArray(n, Hashes.toBytes(h));
                    }
                }
                case BYTES -> {
                    if (v != null) {
                        out.writeByteArray(n, (byte[]) v);
                    }
                }
                case ORDINAL -> {
                    int x = ((Enum<?>) v).ordinal();
                    if (x != 0) {
                        out.writeInt64(n, x);
                    }
                }
                case MEASURES -> {
                    for (Evidence.Measure m : ((Evidence) v).measures()) {
                        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
                        out.writeTag(n, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                        out.writeUInt32NoTag(CodedOutputStream.computeBytesSize(1, ByteString.copyFrom(name))
                                + CodedOutputStream.computeDoubleSize(2, m.value()));
                        out.writeByteArray(1, name);
                        out.writeDouble(2, m.value());
                    }
                }
                case AUTO -> throw new IllegalStateException("unresolved encoding of " + f.name());
            }
        }
    }

    /** Reads a body of {@code spec}'s type; numbers it does not declare (a newer writer's) are skipped. */
    static Event read(EventSpec spec, EventMeta meta, CodedInputStream in, IntFunction<String> strings) throws IOException {
        int size = Wire.LAST_FIELD + 1;
        long[] n = new long[size];
        byte[][] bytes = new byte[size][];
        List<List<byte[]>> lists = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            lists.add(null);
        }
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int type = WireFormat.getTagWireType(tag);
            if (field < size && type == WireFormat.WIRETYPE_VARINT) {
                n[field] = in.readRawVarint64();
            } else if (field < size && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                byte[] b = in.readByteArray();
                if (bytes[field] != null) {
                    if (lists.get(field) == null) {
                        lists.set(field, new ArrayList<>(List.of(bytes[field])));
                    }
                    lists.get(field).add(b);
                }
                bytes[field] = b;
            } else {
                in.skipField(tag);
            }
        }
        return fromFields(spec, meta, n, bytes, lists, strings);
    }

    /**
     * An event from the raw values of its body: varints in {@code n}, length-delimited values in
     * {@code bytes} (the last one of each number), repeated ones in {@code lists} (null: not repeated).
     */
    static Event fromFields(EventSpec spec, EventMeta meta, long[] n, byte[][] bytes, List<List<byte[]>> lists,
                            IntFunction<String> strings) {
        List<FieldSpec> fields = spec.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            FieldSpec f = fields.get(i);
            int k = f.wire();
            Class<?> t = f.javaType();
            values[i] = switch (f.encoding()) {
                case INT64, UINT32 -> t == int.class ? (Object) (int) n[k] : (Object) n[k];
                case SINT64 -> {
                    long x = CodedInputStream.decodeZigZag64(n[k]);
                    yield t == int.class ? (Object) (int) x : (Object) x;
                }
                case SINT32 -> {
                    int x = CodedInputStream.decodeZigZag32((int) n[k]);
                    yield t == long.class ? (Object) (long) x : (Object) x;
                }
                case BOOL -> n[k] != 0;
                case TRI_STATE -> n[k] == 0 ? null : n[k] == 2;
                case STRING_REF -> strings.apply((int) n[k]);
                case STRING, OPTIONAL_STRING -> bytes[k] == null ? "" : utf8(bytes[k]);
                case STRINGS -> repeated(k, bytes, lists).stream().map(DeclaredCodec::utf8).toList();
                case MEASURES -> measures(repeated(k, bytes, lists));
                case HASH -> bytes[k] == null ? "" : Hashes.toText(bytes[k]);
                case BYTES -> bytes[k];
                case ORDINAL -> ordinal(t, n[k]);
                case AUTO -> throw new IllegalStateException("unresolved encoding of " + f.name());
            };
        }
        return spec.create(meta, values);
    }

    /** Every value of a repeated length-delimited field, in order. */
    private static List<byte[]> repeated(int k, byte[][] bytes, List<List<byte[]>> lists) {
        if (lists != null && lists.get(k) != null) {
            return lists.get(k);
        }
        return bytes[k] == null ? List.of() : List.<byte[]>of(bytes[k]);
    }

    private static Evidence measures(List<byte[]> entries) {
        List<Evidence.Measure> measures = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(entry);
                String name = "";
                double value = 0;
                while (!in.isAtEnd()) {
                    int tag = in.readTag();
                    switch (WireFormat.getTagFieldNumber(tag)) {
                        case 1 -> name = in.readStringRequireUtf8();
                        case 2 -> value = in.readDouble();
                        default -> in.skipField(tag);
                    }
                }
                measures.add(new Evidence.Measure(name, value));
            } catch (IOException e) {
                throw new IllegalArgumentException("a malformed evidence entry: " + e.getMessage(), e);
            }
        }
        return new Evidence(measures);
    }

    /** The constant with that ordinal, or the enum's UNKNOWN constant for one it does not have. */
    private static Object ordinal(Class<?> type, long ordinal) {
        Object[] constants = type.getEnumConstants();
        if (ordinal >= 0 && ordinal < constants.length) {
            return constants[(int) ordinal];
        }
        for (Object c : constants) {
            if (((Enum<?>) c).name().equals("UNKNOWN")) {
                return c;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no constant " + ordinal);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
