package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One stored snapshot: either whole ({@link Kind#FULL}) or as the changes against the snapshot
 * before it in a history ({@link Kind#DIFF}). docs/addrman.md describes the layout:
 *
 * <pre>
 * file = magic(8) version(u32) kind(u8) reserved(3) time_ms(i64) base_time_ms(i64) raw_length(u32)
 *        body_crc(u32) stored_length(u32) body(raw deflate of the protobuf-wire message)
 * </pre>
 *
 * Fixed integers little-endian, CRC-32C over the stored body. The body's fields: 1 node facts,
 * 2 counts (repeated), 3 peers (repeated), 4 entries (repeated; a full snapshot's, or the slots a
 * diff sets), 5 slots a diff empties (packed, delta-coded), 6 and 7 slots a diff only re-dates
 * (packed, delta-coded) and their new times (packed, zigzag, against the snapshot's second).
 * Entry times are zigzag against the snapshot's second too, and entry slots delta-coded: most
 * entries were seen within hours, so those numbers are a byte or two.
 */
public final class SnapshotFile {
    static final byte[] MAGIC = {(byte) 0x89, 'N', 'S', 'A', 'M', '\r', '\n', 0x1a};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8 + 4 + 4 + 8 + 8 + 4 + 4 + 4;
    public static final String EXTENSION = ".nsam";
    /** A body larger than this is damage: 81920 entries of a few dozen bytes stay far below. */
    private static final int MAX_RAW = 256 << 20;

    /** Whole, or the changes against the previous snapshot of its history. */
    public enum Kind { FULL, DIFF }

    /** The fixed part of a file: enough to order a history and check its chain without inflating. */
    public record Header(Kind kind, long timeMillis, long baseTimeMillis, int rawLength, int bodyCrc, int storedLength) {
    }

    private SnapshotFile() {
    }

    // body fields
    private static final int F_NODE = 1;
    private static final int F_COUNT = 2;
    private static final int F_PEER = 3;
    private static final int F_ENTRY = 4;
    private static final int F_EMPTIED = 5;
    private static final int F_REDATED_SLOTS = 6;
    private static final int F_REDATED_TIMES = 7;

    public static byte[] full(AddrmanSnapshot s) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(s.entries().size() * 40 + 1024);
            CodedOutputStream out = CodedOutputStream.newInstance(raw, 1 << 16);
            common(out, s);
            entries(out, s.entries(), s.timeSeconds());
            out.flush();
            return frame(Kind.FULL, s.timeMillis(), 0, raw.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code s} as the changes from {@code base}, the snapshot before it. */
    public static byte[] diff(AddrmanSnapshot base, AddrmanSnapshot s) {
        AddrEntry[] after = s.bySlot();
        List<AddrEntry> set = new ArrayList<>();
        List<Integer> emptied = new ArrayList<>();
        List<Integer> redated = new ArrayList<>();
        for (int slot = 0; slot < Table.ALL_SLOTS; slot++) {
            AddrEntry x = base.at(slot);
            AddrEntry y = after[slot];
            if (x == y) {
                continue;
            }
            if (y == null) {
                if (x != null) {
                    emptied.add(slot);
                }
            } else if (x == null || !x.sameExceptTime(y)) {
                set.add(y);
            } else if (x.time() != y.time()) {
                redated.add(slot);
            }
        }
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(set.size() * 40 + redated.size() * 6 + 4096);
            CodedOutputStream out = CodedOutputStream.newInstance(raw, 1 << 16);
            common(out, s);
            entries(out, set, s.timeSeconds());
            packedSlots(out, F_EMPTIED, emptied);
            packedSlots(out, F_REDATED_SLOTS, redated);
            if (!redated.isEmpty()) {
                int size = 0;
                for (int slot : redated) {
                    size += CodedOutputStream.computeSInt64SizeNoTag(after[slot].time() - s.timeSeconds());
                }
                out.writeTag(F_REDATED_TIMES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                for (int slot : redated) {
                    out.writeSInt64NoTag(after[slot].time() - s.timeSeconds());
                }
            }
            out.flush();
            return frame(Kind.DIFF, s.timeMillis(), base.timeMillis(), raw.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Header header(byte[] file, String name) {
        if (file.length < HEADER_BYTES) {
            throw new DamagedSnapshotException(name + " is cut short (" + file.length + " bytes, a header alone is "
                    + HEADER_BYTES + ")");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                throw new DamagedSnapshotException(name + " is not an addrman snapshot (no NSAM magic)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(8);
        if (version != VERSION) {
            throw new DamagedSnapshotException(name + " is snapshot format version " + version + "; this nodescope reads "
                    + VERSION);
        }
        int kind = file[12];
        if (kind != 0 && kind != 1) {
            throw new DamagedSnapshotException(name + " has an unknown kind " + kind + " (damaged?)");
        }
        Header h = new Header(kind == 0 ? Kind.FULL : Kind.DIFF, b.getLong(16), b.getLong(24), b.getInt(32), b.getInt(36),
                b.getInt(40));
        if (h.rawLength() < 0 || h.rawLength() > MAX_RAW || h.storedLength() < 0
                || h.storedLength() != file.length - HEADER_BYTES) {
            throw new DamagedSnapshotException(name + " is damaged or cut short: header says " + h.storedLength()
                    + " body bytes, the file holds " + (file.length - HEADER_BYTES));
        }
        return h;
    }

    /** A full snapshot file's snapshot. */
    public static AddrmanSnapshot readFull(byte[] file, String name) {
        Header h = header(file, name);
        if (h.kind() != Kind.FULL) {
            throw new UserException(name + " holds changes, not a whole snapshot: read it with its history directory");
        }
        Body body = body(file, h, name);
        return new AddrmanSnapshot(h.timeMillis(), body.node, body.counts, body.peers, body.entries);
    }

    /** A diff file applied to {@code base}, the snapshot before it. */
    public static AddrmanSnapshot applyDiff(AddrmanSnapshot base, byte[] file, String name) {
        Header h = header(file, name);
        if (h.kind() == Kind.FULL) {
            return readFull(file, name);
        }
        if (h.baseTimeMillis() != base.timeMillis()) {
            throw new DamagedSnapshotException(name + " follows a snapshot of " + java.time.Instant.ofEpochMilli(h.baseTimeMillis())
                    + ", not the one before it (" + java.time.Instant.ofEpochMilli(base.timeMillis()) + "): a file is missing");
        }
        Body body = body(file, h, name);
        AddrEntry[] slots = base.bySlot();
        for (int slot : body.emptied) {
            slots[checkSlot(slot, name)] = null;
        }
        long now = Math.floorDiv(h.timeMillis(), 1000);
        for (int i = 0; i < body.redatedSlots.size(); i++) {
            int slot = checkSlot(body.redatedSlots.get(i), name);
            AddrEntry e = slots[slot];
            if (e == null || i >= body.redatedTimes.size()) {
                throw new DamagedSnapshotException(name + " re-dates an empty slot: it does not belong after the file before it");
            }
            slots[slot] = new AddrEntry(e.slot(), e.address(), e.port(), e.services(), now + body.redatedTimes.get(i),
                    e.network(), e.source(), e.sourceNetwork(), e.mappedAs(), e.sourceMappedAs());
        }
        for (AddrEntry e : body.entries) {
            slots[e.slot()] = e;
        }
        return AddrmanSnapshot.ofSlots(h.timeMillis(), body.node, body.counts, body.peers, slots);
    }

    private static int checkSlot(int slot, String name) {
        if (slot < 0 || slot >= Table.ALL_SLOTS) {
            throw new DamagedSnapshotException(name + " names slot " + slot + ", outside both tables (damaged)");
        }
        return slot;
    }

    // ---- writing

    private static void common(CodedOutputStream out, AddrmanSnapshot s) throws IOException {
        NodeFacts n = s.node();
        message(out, F_NODE, o -> {
            o.writeInt32(1, n.version());
            o.writeString(2, n.subversion());
            o.writeInt32(3, n.connectionsIn());
            o.writeInt32(4, n.connectionsOut());
        });
        for (Map.Entry<String, long[]> c : s.counts().entrySet()) {
            message(out, F_COUNT, o -> {
                o.writeString(1, c.getKey());
                o.writeUInt64(2, c.getValue()[0]);
                o.writeUInt64(3, c.getValue()[1]);
            });
        }
        for (Peer p : s.peers()) {
            message(out, F_PEER, o -> {
                o.writeInt64(1, p.id());
                o.writeString(2, p.address());
                o.writeString(3, p.network());
                o.writeString(4, p.connectionType());
                o.writeBool(5, p.inbound());
                o.writeUInt32(6, p.mappedAs());
                o.writeInt64(7, p.connectedSince());
            });
        }
    }

    private static void entries(CodedOutputStream out, List<AddrEntry> entries, long now) throws IOException {
        int previous = 0;
        for (AddrEntry e : entries) {
            int delta = e.slot() - previous;
            previous = e.slot();
            message(out, F_ENTRY, o -> {
                o.writeUInt32(1, delta);
                o.writeString(2, e.address());
                o.writeUInt32(3, e.port());
                o.writeUInt64(4, e.services());
                o.writeSInt64(5, e.time() - now);
                o.writeString(6, e.network());
                if (!e.source().equals(e.address())) { // an address that announced itself: no second copy
                    o.writeString(7, e.source());
                }
                if (!e.sourceNetwork().equals(e.network())) {
                    o.writeString(8, e.sourceNetwork());
                }
                if (e.mappedAs() != 0) {
                    o.writeUInt32(9, e.mappedAs());
                }
                if (e.sourceMappedAs() != 0) {
                    o.writeUInt32(10, e.sourceMappedAs());
                }
            });
        }
    }

    private static void packedSlots(CodedOutputStream out, int field, List<Integer> slots) throws IOException {
        if (slots.isEmpty()) {
            return;
        }
        int size = 0;
        int previous = 0;
        for (int s : slots) {
            size += CodedOutputStream.computeUInt32SizeNoTag(s - previous);
            previous = s;
        }
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(size);
        previous = 0;
        for (int s : slots) {
            out.writeUInt32NoTag(s - previous);
            previous = s;
        }
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    /** A message field: the body is written into a reused buffer first, so its length can go before it. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    private static void message(CodedOutputStream out, int field, Writer w) throws IOException {
        byte[] scratch = SCRATCH.get();
        CodedOutputStream o = CodedOutputStream.newInstance(scratch);
        w.write(o);
        out.writeByteArray(field, scratch, 0, scratch.length - o.spaceLeft());
    }

    private static byte[] frame(Kind kind, long timeMillis, long baseTimeMillis, byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream stored = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            stored.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        byte[] body = stored.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).put((byte) (kind == Kind.FULL ? 0 : 1)).put(new byte[3]).putLong(timeMillis)
                .putLong(baseTimeMillis).putInt(raw.length).putInt((int) crc.getValue()).putInt(body.length).put(body);
        return b.array();
    }

    // ---- reading

    private static final class Body {
        NodeFacts node = NodeFacts.UNKNOWN;
        final Map<String, long[]> counts = new TreeMap<>();
        final List<Peer> peers = new ArrayList<>();
        final List<AddrEntry> entries = new ArrayList<>();
        final List<Integer> emptied = new ArrayList<>();
        final List<Integer> redatedSlots = new ArrayList<>();
        final List<Long> redatedTimes = new ArrayList<>();
    }

    private static Body body(byte[] file, Header h, String name) {
        CRC32C crc = new CRC32C();
        crc.update(file, HEADER_BYTES, h.storedLength());
        if ((int) crc.getValue() != h.bodyCrc()) {
            throw new DamagedSnapshotException(name + " is damaged (its body does not match its checksum)");
        }
        byte[] raw = new byte[h.rawLength()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file, HEADER_BYTES, h.storedLength());
            int n = 0;
            while (n < raw.length && !inflater.finished()) {
                int got = inflater.inflate(raw, n, raw.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != raw.length) {
                throw new DamagedSnapshotException(name + " is damaged (its body inflates to " + n + " bytes, not "
                        + raw.length + ")");
            }
        } catch (DataFormatException e) {
            throw new DamagedSnapshotException(name + " is damaged (its body does not inflate)");
        } finally {
            inflater.end();
        }
        long now = Math.floorDiv(h.timeMillis(), 1000);
        try {
            return parse(CodedInputStream.newInstance(raw), now, name);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DamagedSnapshotException d) {
                throw d;
            }
            throw new DamagedSnapshotException(name + " is damaged (its body does not parse: " + e.getMessage() + ")");
        }
    }

    private static Body parse(CodedInputStream in, long now, String name) throws IOException {
        Body body = new Body();
        int previousSlot = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case F_NODE -> body.node = node(in.readBytes().newCodedInput());
                case F_COUNT -> {
                    CodedInputStream c = in.readBytes().newCodedInput();
                    String network = "";
                    long[] v = new long[2];
                    int t;
                    while ((t = c.readTag()) != 0) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> network = c.readString();
                            case 2 -> v[0] = c.readUInt64();
                            case 3 -> v[1] = c.readUInt64();
                            default -> c.skipField(t);
                        }
                    }
                    body.counts.put(network, v);
                }
                case F_PEER -> body.peers.add(peer(in.readBytes().newCodedInput()));
                case F_ENTRY -> {
                    AddrEntry e = entry(in.readBytes().newCodedInput(), previousSlot, now);
                    checkSlot(e.slot(), name);
                    previousSlot = e.slot();
                    body.entries.add(e);
                }
                case F_EMPTIED -> packed(in, body.emptied);
                case F_REDATED_SLOTS -> packed(in, body.redatedSlots);
                case F_REDATED_TIMES -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        body.redatedTimes.add(in.readSInt64());
                    }
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return body;
    }

    private static void packed(CodedInputStream in, List<Integer> slots) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int previous = 0;
        while (in.getBytesUntilLimit() > 0) {
            previous += in.readUInt32();
            slots.add(previous);
        }
        in.popLimit(limit);
    }

    private static NodeFacts node(CodedInputStream c) throws IOException {
        int version = 0;
        String sub = "";
        int in = 0;
        int out = 0;
        int t;
        while ((t = c.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> version = c.readInt32();
                case 2 -> sub = c.readString();
                case 3 -> in = c.readInt32();
                case 4 -> out = c.readInt32();
                default -> c.skipField(t);
            }
        }
        return new NodeFacts(version, sub, in, out);
    }

    private static Peer peer(CodedInputStream c) throws IOException {
        long id = 0;
        String addr = "";
        String network = "";
        String type = "";
        boolean inbound = false;
        int as = 0;
        long since = 0;
        int t;
        while ((t = c.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> id = c.readInt64();
                case 2 -> addr = c.readString();
                case 3 -> network = c.readString();
                case 4 -> type = c.readString();
                case 5 -> inbound = c.readBool();
                case 6 -> as = c.readUInt32();
                case 7 -> since = c.readInt64();
                default -> c.skipField(t);
            }
        }
        return new Peer(id, addr, network, type, inbound, as, since);
    }

    private static AddrEntry entry(CodedInputStream c, int previousSlot, long now) throws IOException {
        int slot = previousSlot;
        String address = "";
        int port = 0;
        long services = 0;
        long time = now;
        String network = "";
        String source = null;
        String sourceNetwork = null;
        int as = 0;
        int sourceAs = 0;
        int t;
        while ((t = c.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> slot = previousSlot + c.readUInt32();
                case 2 -> address = c.readString();
                case 3 -> port = c.readUInt32();
                case 4 -> services = c.readUInt64();
                case 5 -> time = now + c.readSInt64();
                case 6 -> network = c.readString();
                case 7 -> source = c.readString();
                case 8 -> sourceNetwork = c.readString();
                case 9 -> as = c.readUInt32();
                case 10 -> sourceAs = c.readUInt32();
                default -> c.skipField(t);
            }
        }
        return new AddrEntry(slot, address, port, services, time, network, source == null ? address : source,
                sourceNetwork == null ? network : sourceNetwork, as, sourceAs);
    }
}
