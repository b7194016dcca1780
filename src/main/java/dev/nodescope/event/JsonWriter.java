package dev.nodescope.event;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A JSON writer for {@link EventJson}'s lines: UTF-8 bytes into a buffer of its own, written to
 * the stream when it fills or on {@link #flush()}. It writes byte for byte what Jackson's
 * generator wrote before (compact, the same string escapes, numbers as Java prints them;
 * JsonWriterTest compares the two), at a fraction of the cost per event and of the JIT's work:
 * {@code log --format json} spent more CPU compiling Jackson's generator into the event writer
 * than writing events (docs/benchmarks.md, issue 18). Only flat objects with nested objects and
 * arrays of strings, all an event needs. Not thread-safe.
 */
final class JsonWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    /** For ASCII chars: 0 written as is, else the letter of its short escape, or 'u' for \\u00XX. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    /** "00".."99": the two digits of every number below 100. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static final int CAPACITY = 1 << 16;
    /** The most one call writes before it checks for room again (a long string checks per char). */
    private static final int RESERVE = 64;

    private final OutputStream out;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;
    /** Whether the next field or array item needs a comma before it. */
    private boolean comma;

    JsonWriter(OutputStream out) {
        this.out = out;
    }

    void startObject() throws IOException {
        room(1);
        buf[pos++] = '{';
        comma = false;
    }

    void endObject() throws IOException {
        room(1);
        buf[pos++] = '}';
        comma = true;
    }

    /** Ends a line (a root value): the next object starts without a comma. */
    void newline() throws IOException {
        room(1);
        buf[pos++] = '\n';
        comma = false;
    }

    void name(String name) throws IOException {
        room(1);
        if (comma) {
            buf[pos++] = ',';
        }
        string(name);
        room(1);
        buf[pos++] = ':';
        comma = true;
    }

    void field(String name, String value) throws IOException {
        name(name);
        if (value == null) {
            nullValue();
        } else {
            string(value);
        }
    }

    void field(String name, long value) throws IOException {
        name(name);
        number(value);
    }

    void field(String name, boolean value) throws IOException {
        name(name);
        literal(value ? "true" : "false");
    }

    /** A double as Jackson writes it: Java's text, NaN and the infinities quoted. */
    void field(String name, double value) throws IOException {
        name(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            string(Double.toString(value));
        } else {
            literal(Double.toString(value));
        }
    }

    /** A time as {@link IsoTime} formats it, written straight into the buffer. */
    void field(String name, IsoTime time, long epochNanos) throws IOException {
        name(name);
        room(IsoTime.LENGTH + 2);
        buf[pos++] = '"';
        time.formatInto(epochNanos, buf, pos);
        pos += IsoTime.LENGTH;
        buf[pos++] = '"';
    }

    void nullField(String name) throws IOException {
        name(name);
        nullValue();
    }

    void nullValue() throws IOException {
        literal("null");
    }

    void objectField(String name) throws IOException {
        name(name);
        startObject();
    }

    void arrayField(String name) throws IOException {
        name(name);
        room(1);
        buf[pos++] = '[';
        comma = false;
    }

    void arrayString(String value) throws IOException {
        room(1);
        if (comma) {
            buf[pos++] = ',';
        }
        string(value);
        comma = true;
    }

    void endArray() throws IOException {
        room(1);
        buf[pos++] = ']';
        comma = true;
    }

    /**
     * The members of a JSON object someone else wrote ({@code {...}} in {@code bytes[0, length)}),
     * as fields of the object being written: P2P payloads decoded by P2pJson's Jackson writer.
     */
    void fieldsOf(byte[] bytes, int length) throws IOException {
        if (length <= 2) {
            return; // {}
        }
        room(1);
        if (comma) {
            buf[pos++] = ',';
        }
        raw(bytes, 1, length - 2);
        comma = true;
    }

    /** Writes the buffer to the stream and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void literal(String ascii) throws IOException {
        int n = ascii.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) ascii.charAt(i);
        }
    }

    private void number(long v) throws IOException {
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                literal(Long.toString(v));
                return;
            }
            buf[pos++] = '-';
            v = -v;
        }
        int end = pos + digits(v);
        int i = end;
        // two digits per division: mono_ns and seq have 10-16 digits in every event
        while (v >= 100) {
            int two = (int) (v % 100);
            v /= 100;
            buf[--i] = PAIRS[2 * two + 1];
            buf[--i] = PAIRS[2 * two];
        }
        if (v >= 10) {
            buf[--i] = PAIRS[2 * (int) v + 1];
            buf[--i] = PAIRS[2 * (int) v];
        } else {
            buf[--i] = (byte) ('0' + v);
        }
        pos = end;
    }

    /** Decimal digits of {@code v >= 0}. */
    private static int digits(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    private void string(String s) throws IOException {
        int n = s.length();
        // a short string (every one but payloads) gets room for its worst case up front, 6 bytes
        // per char, so that the loop does not check; a long one checks as it goes
        boolean check = n > 2048;
        room(check ? 2 : 6 * n + 2);
        buf[pos++] = '"';
        for (int i = 0; i < n; i++) {
            if (check && pos > CAPACITY - 12) {
                drain();
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    buf[pos++] = (byte) c;
                } else {
                    buf[pos++] = '\\';
                    buf[pos++] = escape;
                    if (escape == 'u') {
                        buf[pos++] = '0';
                        buf[pos++] = '0';
                        buf[pos++] = HEX[c >> 4];
                        buf[pos++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // as Jackson writes characters beyond the BMP (and lone halves): each UTF-16 half escaped, hex uppercase
                buf[pos++] = '\\';
                buf[pos++] = 'u';
                buf[pos++] = HEX[c >> 12];
                buf[pos++] = HEX[c >> 8 & 0xF];
                buf[pos++] = HEX[c >> 4 & 0xF];
                buf[pos++] = HEX[c & 0xF];
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        room(1);
        buf[pos++] = '"';
    }

    private void raw(byte[] bytes, int offset, int length) throws IOException {
        if (length > CAPACITY - pos) {
            drain();
            if (length > CAPACITY) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    private void room(int bytes) throws IOException {
        if (pos + Math.max(bytes, RESERVE) > CAPACITY) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
