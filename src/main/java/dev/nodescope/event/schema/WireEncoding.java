package dev.nodescope.event.schema;

/**
 * How an event field is stored in the binary codec (protobuf wire format, docs/archive.proto).
 * Zero, false, null and empty values are left out where protobuf would leave them out.
 */
public enum WireEncoding {
    /** From the Java type: whole numbers INT64, boolean BOOL, Boolean TRI_STATE, String STRING_REF,
     * enums ORDINAL, byte[] BYTES, List&lt;String&gt; STRINGS. */
    AUTO("", ""),
    /** protobuf {@code int64}, left out when 0. */
    INT64("int64", "an integer"),
    /** protobuf {@code uint32}, left out when 0 (for values never negative). */
    UINT32("uint32", "an integer"),
    /** protobuf {@code sint64} (zig-zag), left out when 0: for values often negative. */
    SINT64("sint64", "an integer"),
    /** protobuf {@code sint32}, always written. */
    SINT32("sint32", "an integer"),
    /** protobuf {@code bool}, written only when true. */
    BOOL("bool", "a boolean"),
    /** protobuf {@code uint32}: 0 absent (null), 1 false, 2 true. */
    TRI_STATE("uint32", "a boolean or null"),
    /** protobuf {@code uint32}: index in the block's string table (0 is ""). */
    STRING_REF("uint32", "a string"),
    /** protobuf {@code string}, inline, always written. */
    STRING("string", "a string"),
    /** protobuf {@code repeated string}, inline. */
    STRINGS("repeated string", "a list of strings"),
    /** protobuf {@code bytes}: the 32 bytes of a hash (lowercase hex in RPC order in events). */
    HASH("bytes", "a hash"),
    /** protobuf {@code bytes}, written when not null. */
    BYTES("bytes", "bytes"),
    /** protobuf {@code int64}: the enum constant's ordinal, left out when 0. */
    ORDINAL("int64", "a name");

    private final String protoType;
    private final String kind;

    WireEncoding(String protoType, String kind) {
        this.protoType = protoType;
        this.kind = kind;
    }

    /** The field's type in docs/archive.proto. */
    public String protoType() {
        return protoType;
    }

    String kind() {
        return kind;
    }
}
