package dev.nodescope.event.schema;

/**
 * How an event field is stored in the binary codec (protobuf wire format, docs/archive.proto).
 * Zero, false, null and empty values are left out where protobuf would leave them out.
 */
public enum WireEncoding {
    /** From the Java type: whole numbers INT64, boolean BOOL, Boolean TRI_STATE, String STRING_REF,
     * enums ORDINAL, byte[] BYTES, List&lt;String&gt; STRINGS, Evidence MEASURES. */
    AUTO(""),
    /** protobuf {@code int64}, left out when 0. */
    INT64("int64"),
    /** protobuf {@code uint32}, left out when 0 (for values never negative). */
    UINT32("uint32"),
    /** protobuf {@code sint64} (zig-zag), left out when 0: for values often negative. */
    SINT64("sint64"),
    /** protobuf {@code sint32}, always written. */
    SINT32("sint32"),
    /** protobuf {@code bool}, written only when true. */
    BOOL("bool"),
    /** protobuf {@code uint32}: 0 absent (null), 1 false, 2 true. */
    TRI_STATE("uint32"),
    /** protobuf {@code uint32}: index in the block's string table (0 is ""). */
    STRING_REF("uint32"),
    /** protobuf {@code string}, inline, always written. */
    STRING("string"),
    /** protobuf {@code string}, inline, left out when empty. */
    OPTIONAL_STRING("string"),
    /** protobuf {@code repeated string}, inline. */
    STRINGS("repeated string"),
    /** protobuf {@code bytes}: the 32 bytes of a hash (lowercase hex in RPC order in events). */
    HASH("bytes"),
    /** protobuf {@code bytes}, written when not null. */
    BYTES("bytes"),
    /** protobuf {@code int64}: the enum constant's ordinal, left out when 0. */
    ORDINAL("int64"),
    /** protobuf {@code repeated Measure} ({@code string name = 1; double value = 2;}): an alert's evidence, in order. */
    MEASURES("repeated Measure");

    private final String protoType;

    WireEncoding(String protoType) {
        this.protoType = protoType;
    }

    /** The field's type in docs/archive.proto. */
    public String protoType() {
        return protoType;
    }
}
