package dev.nodescope.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record structs of nodescope.h as the BPF object describes them in its BTF (clang -g): for
 * each struct, each member's offset, size and kind. This is how a tracepoint that has no
 * hand-written case in {@link RecordDecoder} is still read, field by field from its declaration,
 * without a table of offsets written twice. Read from the object's bytes: no kernel involved.
 */
final class BtfLayout {
    /** One struct member: byte offset and size; for whole numbers, whether signed. */
    record Member(int offset, int size, Kind kind, boolean signed) {
    }

    enum Kind { INTEGER, CHARS, BYTES, OTHER }

    private static final int BTF_MAGIC = 0xeB9F;
    private static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4, UNION = 5, ENUM = 6, TYPEDEF = 8, VOLATILE = 9,
            CONST = 10, RESTRICT = 11, FUNC_PROTO = 13, VAR = 14, DATASEC = 15, DECL_TAG = 17, TYPE_TAG = 18, ENUM64 = 19;

    private static volatile BtfLayout bundled;

    private final Map<String, Map<String, Member>> structs;
    private final Map<String, Integer> sizes;

    private BtfLayout(Map<String, Map<String, Member>> structs, Map<String, Integer> sizes) {
        this.structs = structs;
        this.sizes = sizes;
    }

    /** The layout of the BPF object in the jar (read once). */
    static BtfLayout bundled() {
        BtfLayout b = bundled;
        if (b == null) {
            try (InputStream in = BtfLayout.class.getResourceAsStream(LiveSource.BPF_OBJECT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(LiveSource.BPF_OBJECT_RESOURCE + " is not in the jar");
                }
                b = parse(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = b;
        }
        return b;
    }

    /** The member {@code member} of {@code struct}, or null. */
    Member member(String struct, String member) {
        Map<String, Member> m = structs.get(struct);
        return m == null ? null : m.get(member);
    }

    /** sizeof(struct), or -1 when the object has no such struct. */
    int size(String struct) {
        return sizes.getOrDefault(struct, -1);
    }

    /** Parses the .BTF section of an ELF64 little-endian object. */
    static BtfLayout parse(byte[] elf) {
        ByteBuffer e = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = e.getLong(0x28);
        int shentsize = Short.toUnsignedInt(e.getShort(0x3A));
        int shnum = Short.toUnsignedInt(e.getShort(0x3C));
        int shstrndx = Short.toUnsignedInt(e.getShort(0x3E));
        int names = (int) e.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        int btfOffset = -1;
        int btfSize = 0;
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (cString(elf, names + e.getInt(sh)).equals(".BTF")) {
                btfOffset = (int) e.getLong(sh + 24);
                btfSize = (int) e.getLong(sh + 32);
            }
        }
        if (btfOffset < 0) {
            throw new IllegalStateException("the BPF object has no .BTF section (built without -g?)");
        }
        ByteBuffer b = ByteBuffer.wrap(elf, btfOffset, btfSize).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (Short.toUnsignedInt(b.getShort(0)) != BTF_MAGIC) {
            throw new IllegalStateException("the .BTF section does not start with the BTF magic");
        }
        int hdrLen = b.getInt(4);
        int typeOff = hdrLen + b.getInt(8);
        int typeLen = b.getInt(12);
        int strOff = hdrLen + b.getInt(16);
        // type ids start at 1; remember where each type's btf_type starts
        List<Integer> at = new ArrayList<>(List.of(-1));
        int p = typeOff;
        while (p < typeOff + typeLen) {
            at.add(p);
            int info = b.getInt(p + 4);
            int vlen = info & 0xffff;
            int kind = (info >>> 24) & 0x1f;
            p += 12 + switch (kind) {
                case INT, VAR, DECL_TAG -> 4;
                case ARRAY -> 12;
                case STRUCT, UNION -> 12 * vlen;
                case ENUM, FUNC_PROTO -> 8 * vlen;
                case DATASEC, ENUM64 -> 12 * vlen;
                default -> 0;
            };
        }
        Reader r = new Reader(b, at, strOff);
        Map<String, Map<String, Member>> structs = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (int id = 1; id < at.size(); id++) {
            int t = at.get(id);
            int info = b.getInt(t + 4);
            if (((info >>> 24) & 0x1f) != STRUCT) {
                continue;
            }
            String name = r.name(t);
            if (name.isEmpty()) {
                continue;
            }
            boolean bitfields = (info >>> 31) != 0;
            Map<String, Member> members = new HashMap<>();
            for (int i = 0; i < (info & 0xffff); i++) {
                int m = t + 12 + 12 * i;
                int bitOffset = b.getInt(m + 8);
                if (bitfields) {
                    bitOffset &= 0xffffff;
                }
                members.put(r.string(b.getInt(m)), r.member(b.getInt(m + 4), bitOffset / 8));
            }
            structs.put(name, members);
            sizes.put(name, b.getInt(t + 8));
        }
        return new BtfLayout(structs, sizes);
    }

    /** Follows types through typedefs and qualifiers to what a member really is. */
    private record Reader(ByteBuffer b, List<Integer> at, int strOff) {
        String string(int off) {
            StringBuilder sb = new StringBuilder();
            for (int i = strOff + off; b.get(i) != 0; i++) {
                sb.append((char) b.get(i));
            }
            return sb.toString();
        }

        String name(int t) {
            return string(b.getInt(t));
        }

        int resolve(int id) {
            while (true) {
                int t = at.get(id);
                int kind = (b.getInt(t + 4) >>> 24) & 0x1f;
                if (kind != TYPEDEF && kind != VOLATILE && kind != CONST && kind != RESTRICT && kind != TYPE_TAG) {
                    return id;
                }
                id = b.getInt(t + 8);
            }
        }

        Member member(int type, int offset) {
            int t = at.get(resolve(type));
            int kind = (b.getInt(t + 4) >>> 24) & 0x1f;
            return switch (kind) {
                case INT -> new Member(offset, b.getInt(t + 8), Kind.INTEGER, ((b.getInt(t + 12) >>> 24) & 1) != 0);
                case ENUM -> new Member(offset, b.getInt(t + 8), Kind.INTEGER, false);
                case ARRAY -> {
                    int elem = at.get(resolve(b.getInt(t + 12)));
                    int count = b.getInt(t + 20);
                    boolean chars = ((b.getInt(elem + 4) >>> 24) & 0x1f) == INT && name(elem).equals("char");
                    int elemSize = ((b.getInt(elem + 4) >>> 24) & 0x1f) == INT ? b.getInt(elem + 8) : 0;
                    yield new Member(offset, elemSize * count, chars ? Kind.CHARS : Kind.BYTES, false);
                }
                case PTR -> new Member(offset, 8, Kind.OTHER, false);
                default -> new Member(offset, kind == STRUCT || kind == UNION ? b.getInt(t + 8) : 0, Kind.OTHER, false);
            };
        }
    }

    private static String cString(byte[] b, int at) {
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.US_ASCII);
    }
}
