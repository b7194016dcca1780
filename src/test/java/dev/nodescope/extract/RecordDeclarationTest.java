package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Fixture;
import dev.nodescope.hex.Hex;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.event.schema.EventSchema;
import dev.nodescope.event.schema.EventSpec;
import dev.nodescope.event.schema.FieldSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C side against the event declarations. Every declared C member ({@code @EventField(c = ...)})
 * exists in its struct of src/main/bpf/nodescope.h with a type that fits the Java field (this
 * compiles the header with the host compiler), RecordDecoder reads each of them into its field (a
 * record written member by member at the offsets the compiler reports, decoded, compared), and
 * the BPF program and the fixture take the declared number of arguments of every tracepoint.
 */
class RecordDeclarationTest {
    /** One declared member, as the compiler lays it out. */
    private record Member(long offset, long size, int kind) {
    }

    private static final int CHARS = 1;
    private static final int BYTES = 2;
    private static final int SIGNED = 3;
    private static final int UNSIGNED = 4;
    private static final int FLEXIBLE = 5;

    private static String key(EventSpec spec, FieldSpec f) {
        return spec.struct() + "." + f.cMember();
    }

    private static Map<String, Member> layout(Path dir) throws Exception {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/types.h>\n"
                + "#include \"nodescope.h\"\nint main(void) {\n");
        for (EventSpec spec : EventSchema.all()) {
            if (spec.struct().isEmpty()) {
                continue;
            }
            c.append("  printf(\"").append(spec.struct()).append(" 0 %zu 0\\n\", sizeof(struct ").append(spec.struct()).append("));\n");
            for (FieldSpec f : spec.fields()) {
                if (f.cMember().isEmpty()) {
                    continue;
                }
                String m = "((struct " + spec.struct() + " *)0)->" + f.cMember();
                String off = "offsetof(struct " + spec.struct() + ", " + f.cMember() + ")";
                String line;
                if (f.javaType() == byte[].class) {
                    line = "\"%zu 0 " + FLEXIBLE + "\\n\", " + off;
                } else if (f.isHash()) {
                    line = "\"%zu %zu %d\\n\", " + off + ", sizeof(" + m + "), _Generic((" + m + "), unsigned char *: " + BYTES + ", default: 0)";
                } else if (f.javaType() == String.class) {
                    line = "\"%zu %zu %d\\n\", " + off + ", sizeof(" + m + "), _Generic((" + m + "), char *: " + CHARS + ", default: 0)";
                } else {
                    line = "\"%zu %zu %d\\n\", " + off + ", sizeof(" + m + "), ((__typeof__(" + m + "))-1 < 0) ? " + SIGNED + " : " + UNSIGNED;
                }
                c.append("  printf(\"").append(key(spec, f)).append(" \" ").append(line).append(");\n");
            }
        }
        c.append("  return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("members.c"), c);
        Path exe = dir.resolve("members");
        Process gcc = new ProcessBuilder("gcc", "-I", Path.of("src/main/bpf").toAbsolutePath().toString(), "-o", exe.toString(),
                src.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as("a declared C member is not in nodescope.h:\n" + out).isZero();
        Process run = new ProcessBuilder(exe.toString()).start();
        Map<String, Member> members = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] p = line.split(" ");
            members.put(p[0], new Member(Long.parseLong(p[1]), Long.parseLong(p[2]), Integer.parseInt(p[3])));
        }
        return members;
    }

    @Test
    void declaredMembersExistWithTypesThatFit(@TempDir Path dir) throws Exception {
        Map<String, Member> members = layout(dir);
        for (EventSpec spec : EventSchema.all()) {
            for (FieldSpec f : spec.fields()) {
                if (f.cMember().isEmpty()) {
                    continue;
                }
                Member m = members.get(key(spec, f));
                String what = spec.name() + "." + f.name() + " = " + key(spec, f);
                Class<?> t = f.javaType();
                if (t == byte[].class) {
                    assertThat(m.kind()).as(what).isEqualTo(FLEXIBLE);
                } else if (f.isHash()) {
                    assertThat(m.kind()).as(what + " is __u8[32]").isEqualTo(BYTES);
                    assertThat(m.size()).as(what).isEqualTo(32);
                } else if (t == String.class) {
                    assertThat(m.kind()).as(what + " is a char array").isEqualTo(CHARS);
                    assertThat(m.size()).as(what).isGreaterThan(1);
                } else if (t == int.class) {
                    assertThat(m.size()).as(what + " fits a Java int").isLessThanOrEqualTo(4);
                    // (captured is bounded by the record's length: 4 MB at most)
                    assertThat(m.size() < 4 || m.kind() == SIGNED || f.cMember().equals("captured"))
                            .as(what + ": an unsigned 32-bit member needs a Java long").isTrue();
                } else if (t == long.class) {
                    assertThat(m.size()).as(what).isIn(4L, 8L);
                } else {
                    // booleans, enums: any whole number
                    assertThat(m.kind()).as(what).isIn(SIGNED, UNSIGNED);
                }
            }
        }
    }

    @Test
    void theBpfObjectDescribesTheStructsAsTheCompilerLaysThemOut(@TempDir Path dir) throws Exception {
        Map<String, Member> members = layout(dir);
        BtfLayout btf = BtfLayout.parse(Files.readAllBytes(Fixture.nativeDir().resolve("nodescope.bpf.o")));
        for (EventSpec spec : EventSchema.all()) {
            if (spec.struct().isEmpty()) {
                continue;
            }
            assertThat((long) btf.size(spec.struct())).as("sizeof " + spec.struct()).isEqualTo(members.get(spec.struct()).size());
            for (FieldSpec f : spec.fields()) {
                if (f.cMember().isEmpty()) {
                    continue;
                }
                Member c = members.get(key(spec, f));
                BtfLayout.Member b = btf.member(spec.struct(), f.cMember());
                assertThat(b).as(key(spec, f) + " in the object's BTF").isNotNull();
                assertThat((long) b.offset()).as(key(spec, f) + " offset").isEqualTo(c.offset());
                assertThat((long) b.size()).as(key(spec, f) + " size").isEqualTo(c.size());
                if (c.kind() == SIGNED || c.kind() == UNSIGNED) {
                    assertThat(b.signed()).as(key(spec, f) + " signed").isEqualTo(c.kind() == SIGNED);
                }
            }
        }
    }

    @Test
    void recordDecoderReadsEveryDeclaredMember(@TempDir Path dir) throws Exception {
        Map<String, Member> members = layout(dir);
        RecordDecoder decoder = new RecordDecoder("node-a");
        try (Arena arena = Arena.ofConfined()) {
            for (EventSpec spec : EventSchema.all()) {
                if (spec.tracepoint() == null) {
                    continue;
                }
                int payload = 8;
                int length = (int) members.get(spec.struct()).size() + payload;
                MemorySegment d = arena.allocate(length + 8);
                long o = 8; // after a ring header, as in the ring
                d.set(ValueLayout.JAVA_SHORT_UNALIGNED, o + RecordLayout.TYPE, (short) spec.tracepoint().id());
                d.set(ValueLayout.JAVA_SHORT_UNALIGNED, o + RecordLayout.FLAGS, (short) RecordLayout.F_ARG7);
                d.set(ValueLayout.JAVA_INT_UNALIGNED, o + RecordLayout.PID, 4242);
                d.set(ValueLayout.JAVA_INT_UNALIGNED, o + RecordLayout.TID, 4243);
                Object[] expected = new Object[spec.fields().size()];
                for (int i = 0; i < expected.length; i++) {
                    FieldSpec f = spec.fields().get(i);
                    if (f.cMember().isEmpty()) {
                        continue;
                    }
                    Member m = members.get(key(spec, f));
                    long at = o + m.offset();
                    Class<?> t = f.javaType();
                    if (t == byte[].class) {
                        byte[] b = new byte[payload];
                        for (int k = 0; k < payload; k++) {
                            b[k] = (byte) (0xa0 + k);
                        }
                        MemorySegment.copy(b, 0, d, ValueLayout.JAVA_BYTE, at, payload);
                        expected[i] = b;
                    } else if (f.isHash()) {
                        byte[] internal = new byte[32];
                        for (int k = 0; k < 32; k++) {
                            internal[k] = (byte) (i * 32 + k);
                        }
                        MemorySegment.copy(internal, 0, d, ValueLayout.JAVA_BYTE, at, 32);
                        expected[i] = Hex.encodeReversed(internal);
                    } else if (t == String.class) {
                        String s = f.name() + "-é";
                        byte[] b = s.getBytes(StandardCharsets.UTF_8);
                        MemorySegment.copy(b, 0, d, ValueLayout.JAVA_BYTE, at, b.length);
                        expected[i] = s;
                    } else {
                        // captured stays within the record; a negative value where the member is signed,
                        // one above 2^31 where it is unsigned, to catch a sign read wrong
                        long v = f.cMember().equals("captured") ? payload
                                : t == boolean.class || t == Boolean.class ? 1
                                : t.isEnum() ? 2
                                : m.size() == 1 ? 7
                                : m.kind() == SIGNED ? -(1000L + i)
                                : m.size() == 4 ? 0xF000_0000L + i : 1000L + i;
                        switch ((int) m.size()) {
                            case 1 -> d.set(ValueLayout.JAVA_BYTE, at, (byte) v);
                            case 2 -> d.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, (short) v);
                            case 4 -> d.set(ValueLayout.JAVA_INT_UNALIGNED, at, (int) v);
                            default -> d.set(ValueLayout.JAVA_LONG_UNALIGNED, at, v);
                        }
                        expected[i] = t == boolean.class || t == Boolean.class ? (Object) (v != 0)
                                : t.isEnum() ? t.getEnumConstants()[(int) v]
                                : t == int.class ? (Object) (int) v : (Object) v;
                    }
                }
                int id = RecordDecoder.tracepointId(d, o, length);
                assertThat(id).as(spec.name()).isEqualTo(spec.tracepoint().id());
                TracepointEvent e = decoder.decode(d, o, length, id);
                // and as a tracepoint without a hand-written case would be: by declaration and BTF
                TracepointEvent declared = decoder.decodeFromDeclaration(d, o, length, id);
                assertThat(e.getClass()).isEqualTo(spec.type());
                assertThat(declared.getClass()).isEqualTo(spec.type());
                for (int i = 0; i < expected.length; i++) {
                    FieldSpec f = spec.fields().get(i);
                    if (!f.cMember().isEmpty()) {
                        assertThat(f.get(e)).as(spec.name() + "." + f.name() + " from " + key(spec, f)).isEqualTo(expected[i]);
                        assertThat(f.get(declared)).as(spec.name() + "." + f.name() + " by declaration").isEqualTo(expected[i]);
                    }
                }
            }
        }
    }

    @Test
    void theBpfProgramAndTheFixtureTakeTheDeclaredArguments() throws Exception {
        String bpf = Files.readString(Path.of("src/main/bpf/nodescope.bpf.c"));
        Matcher usdt = Pattern.compile("BPF_USDT\\((\\w+)((?:,[^,)]*)*)\\)\\s*\\{(.*?)\\n\\}", Pattern.DOTALL).matcher(bpf);
        Map<String, Integer> arity = new LinkedHashMap<>();
        while (usdt.find()) {
            int declared = usdt.group(2).split(",").length - 1;
            // an optional trailing argument is read by index, e.g. bpf_usdt_arg(ctx, 7, ...) for the 8th
            Matcher extra = Pattern.compile("bpf_usdt_arg\\(ctx, (\\d+)").matcher(usdt.group(3));
            while (extra.find()) {
                declared = Math.max(declared, Integer.parseInt(extra.group(1)) + 1);
            }
            arity.put(usdt.group(1), declared);
        }
        Map<String, Integer> fixture = arguments(Fixture.binary());
        Map<String, Integer> fixtureV28 = arguments(Fixture.binaryV28());
        for (Tracepoint tp : Tracepoint.values()) {
            assertThat(arity.get(tp.programName())).as("arguments nodescope.bpf.c reads for " + tp).isEqualTo(tp.arguments());
            assertThat(fixture.get(tp.fullName())).as("arguments of " + tp + " in the fixture").isEqualTo(tp.arguments());
            if (fixtureV28.containsKey(tp.fullName())) {
                assertThat(fixtureV28.get(tp.fullName())).as("arguments of " + tp + " in the v28 fixture")
                        .isEqualTo(tp == Tracepoint.MEMPOOL_REPLACED ? Tracepoint.MEMPOOL_REPLACED_ARGUMENTS_BEFORE_V29 : tp.arguments());
            }
        }
    }

    private static Map<String, Integer> arguments(Path elf) throws Exception {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<UsdtProbe> probes = StapsdtNotes.read(elf);
        for (UsdtProbe p : probes) {
            out.put(p.provider() + ":" + p.name(), p.arguments().size());
        }
        return out;
    }

}
