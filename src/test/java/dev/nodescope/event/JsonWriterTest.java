package dev.nodescope.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JsonWriter writes exactly what Jackson's generator wrote for events before it (issue 18). */
class JsonWriterTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Every char of the Basic Multilingual Plane but surrogates, and a few supplementary ones. */
    private static String allCharacters() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0xD800; c++) {
            sb.append(c);
        }
        for (int c = 0xE000; c <= 0xFFFF; c++) {
            sb.append((char) c);
        }
        sb.appendCodePoint(0x1F600).appendCodePoint(0x10000).appendCodePoint(0x10FFFF).append('\uD800').append("x").append('\uDC00');
        return sb.toString();
    }

    @Test
    void writesWhatJacksonWrites() throws IOException {
        String text = allCharacters();
        long[] numbers = {0, 1, -1, 9, 10, 99, 100, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        double[] doubles = {0.0, -0.0, 1.5, 1e-7, 1e21, 123456.789, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(jackson, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (int line = 0; line < 2; line++) {
                g.writeStartObject();
                g.writeStringField("text", text);
                g.writeStringField("none", null);
                for (long n : numbers) {
                    g.writeNumberField("n", n);
                }
                for (double d : doubles) {
                    g.writeNumberField("d", d);
                }
                g.writeBooleanField("yes", true);
                g.writeBooleanField("no", false);
                g.writeNullField("null");
                g.writeObjectFieldStart("evidence");
                g.writeNumberField("a", 1);
                g.writeNumberField("b", 2.5);
                g.writeEndObject();
                g.writeArrayFieldStart("list");
                g.writeString("x\"y");
                g.writeString("\u00e9");
                g.writeEndArray();
                g.writeArrayFieldStart("empty");
                g.writeEndArray();
                g.writeStringField("after", "z");
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }

        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        JsonWriter w = new JsonWriter(ours);
        for (int line = 0; line < 2; line++) {
            w.startObject();
            w.field("text", text);
            w.field("none", (String) null);
            for (long n : numbers) {
                w.field("n", n);
            }
            for (double d : doubles) {
                w.field("d", d);
            }
            w.field("yes", true);
            w.field("no", false);
            w.nullField("null");
            w.objectField("evidence");
            w.field("a", 1L);
            w.field("b", 2.5);
            w.endObject();
            w.arrayField("list");
            w.arrayString("x\"y");
            w.arrayString("\u00e9");
            w.endArray();
            w.arrayField("empty");
            w.endArray();
            w.field("after", "z");
            w.endObject();
            w.newline();
        }
        w.flush();

        byte[] a = ours.toByteArray();
        byte[] b = jackson.toByteArray();
        int at = java.util.Arrays.mismatch(a, b);
        assertThat(at).as("first differing byte; ours: %s, Jackson's: %s", context(a, at), context(b, at)).isEqualTo(-1);
    }

    private static String context(byte[] bytes, int at) {
        if (at < 0) {
            return "";
        }
        int from = Math.max(0, at - 20);
        return new String(bytes, from, Math.min(bytes.length, at + 20) - from, StandardCharsets.ISO_8859_1);
    }

    @Test
    void splicesTheMembersOfAnObject() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonWriter w = new JsonWriter(out);
        byte[] members = "{\"decoded\":{\"nonce\":7}}".getBytes(StandardCharsets.UTF_8);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        w.startObject();
        w.field("a", 1L);
        w.fieldsOf(members, members.length);
        w.fieldsOf(empty, empty.length);
        w.field("b", 2L);
        w.endObject();
        w.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"decoded\":{\"nonce\":7},\"b\":2}");
    }
}
