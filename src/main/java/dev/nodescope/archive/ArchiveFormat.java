package dev.nodescope.archive;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The archive file layout (docs/archives.md). A file is a header then blocks:
 *
 * <pre>
 * file   = magic(8) version(u32) header_length(u32) header(protobuf ArchiveHeader) header_crc(u32) block*
 * block  = "NSBK" frame_crc(u32) codec(u8) flags(u8) reserved(u16) stored_length(u32) raw_length(u32)
 *          events(u32) body_crc(u32) first_time(i64) last_time(i64) body(stored_length bytes)
 * body   = zstd frame (or raw deflate, or stored) of: (varint length, protobuf Record)*
 * </pre>
 *
 * All fixed-size integers are little-endian; checksums are CRC-32C. {@code frame_crc} covers the
 * frame after itself, so a reader that lost its place can find the next block by scanning for a
 * magic whose frame checks out. Times are UTC nanoseconds of the block's first and last event, so
 * a time range can be found without inflating.
 */
public final class ArchiveFormat {
    /** PNG-style: a high byte and CR LF catch 7-bit and text-mode transfers. */
    static final byte[] MAGIC = {(byte) 0x89, 'N', 'S', 'A', '\r', '\n', 0x1a, '\n'};
    /**
     * The format version written. 2: blocks are zstd (or stored); version 1 files, whose blocks
     * are deflate (or stored), still read. An older nodescope refuses a version it does not know
     * with "written by a newer nodescope: upgrade" instead of reporting every zstd block as damage.
     */
    public static final int VERSION = 2;
    /** The oldest format version this nodescope reads. */
    static final int OLDEST_VERSION = 1;
    static final byte[] BLOCK_MAGIC = {'N', 'S', 'B', 'K'};
    static final int FRAME_BYTES = 44;
    static final int CODEC_STORED = 0;
    /** Format version 1's codec: raw deflate (RFC 1951), written at BEST_SPEED. */
    static final int CODEC_DEFLATE = 1;
    /** Format version 2's codec: one zstd frame (RFC 8878) holding the block's raw length. */
    static final int CODEC_ZSTD = 2;
    /** A header or block bigger than this is damage, not data (blocks hold at most a few MiB). */
    static final int MAX_STORED = 64 << 20;
    public static final String EXTENSION = ".nsa";

    private ArchiveFormat() {
    }

    /** The block frame, as read from a file. */
    record Frame(int codec, int storedLength, int rawLength, int events, int bodyCrc, long firstEpochNanos,
                 long lastEpochNanos) {
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static byte[] frame(Frame f) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(BLOCK_MAGIC).putInt(0).put((byte) f.codec()).put((byte) 0).putShort((short) 0).putInt(f.storedLength())
                .putInt(f.rawLength()).putInt(f.events()).putInt(f.bodyCrc()).putLong(f.firstEpochNanos())
                .putLong(f.lastEpochNanos());
        byte[] bytes = b.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, crc(bytes, 8, FRAME_BYTES - 8));
        return bytes;
    }

    /** The frame at {@code bytes[offset]}, or null when there is no valid frame there. */
    static Frame parseFrame(byte[] bytes, int offset) {
        for (int i = 0; i < 4; i++) {
            if (bytes[offset + i] != BLOCK_MAGIC[i]) {
                return null;
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(offset + 4) != crc(bytes, offset + 8, FRAME_BYTES - 8)) {
            return null;
        }
        Frame f = new Frame(bytes[offset + 8] & 0xff, b.getInt(offset + 12), b.getInt(offset + 16), b.getInt(offset + 20),
                b.getInt(offset + 24), b.getLong(offset + 28), b.getLong(offset + 36));
        if (f.storedLength() < 0 || f.storedLength() > MAX_STORED || f.rawLength() < 0 || f.rawLength() > MAX_STORED
                || (f.codec() != CODEC_STORED && f.codec() != CODEC_DEFLATE && f.codec() != CODEC_ZSTD)) {
            return null;
        }
        return f;
    }

    // ArchiveHeader fields (docs/archive.proto)
    private static final int H_FORMAT_VERSION = 1;
    private static final int H_NODESCOPE_VERSION = 2;
    private static final int H_CREATED = 3;
    private static final int H_HOST = 4;
    private static final int H_NODE = 5;
    private static final int H_TARGET = 6;
    private static final int H_EVENTS = 7;
    private static final int H_PAYLOAD = 8;
    private static final int H_IPS_REDACTED = 9;
    private static final int H_BITCOIND_BINARY = 10;
    private static final int H_BITCOIND_VERSION = 11;
    private static final int H_FILE_INDEX = 12;

    /** The file's first bytes: magic, version, the header and its checksum. */
    static byte[] fileHeader(ArchiveHeader h) {
        try {
            ByteArrayOutputStream proto = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(proto);
            out.writeUInt32(H_FORMAT_VERSION, h.formatVersion());
            out.writeString(H_NODESCOPE_VERSION, h.nodescopeVersion());
            out.writeInt64(H_CREATED, h.createdEpochNanos());
            out.writeString(H_HOST, h.host());
            out.writeString(H_NODE, h.node());
            out.writeString(H_TARGET, h.target());
            for (String glob : h.events()) {
                out.writeString(H_EVENTS, glob);
            }
            out.writeString(H_PAYLOAD, h.payload());
            out.writeBool(H_IPS_REDACTED, h.ipsRedacted());
            out.writeString(H_BITCOIND_BINARY, h.bitcoindBinary());
            out.writeString(H_BITCOIND_VERSION, h.bitcoindVersion());
            out.writeUInt32(H_FILE_INDEX, h.fileIndex());
            out.flush();
            byte[] body = proto.toByteArray();
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + body.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).putInt(VERSION).putInt(body.length).put(body).putInt(crc(body, 0, body.length));
            return b.array();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to memory", e);
        }
    }

    static ArchiveHeader parseHeader(byte[] body) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        int version = 0, index = 0;
        long created = 0;
        String nodescope = "", host = "", node = "", target = "", payload = "", binary = "", bitcoindVersion = "";
        boolean redacted = false;
        List<String> events = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case H_FORMAT_VERSION -> version = in.readUInt32();
                case H_NODESCOPE_VERSION -> nodescope = in.readStringRequireUtf8();
                case H_CREATED -> created = in.readInt64();
                case H_HOST -> host = in.readStringRequireUtf8();
                case H_NODE -> node = in.readStringRequireUtf8();
                case H_TARGET -> target = in.readStringRequireUtf8();
                case H_EVENTS -> events.add(in.readStringRequireUtf8());
                case H_PAYLOAD -> payload = in.readStringRequireUtf8();
                case H_IPS_REDACTED -> redacted = in.readBool();
                case H_BITCOIND_BINARY -> binary = in.readStringRequireUtf8();
                case H_BITCOIND_VERSION -> bitcoindVersion = in.readStringRequireUtf8();
                case H_FILE_INDEX -> index = in.readUInt32();
                default -> in.skipField(tag);
            }
        }
        return new ArchiveHeader(version, nodescope, created, host, node, target, List.copyOf(events), payload, redacted,
                binary, bitcoindVersion, index);
    }

    static String describeMagic(byte[] first) {
        return new String(first, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
