package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.extract.UsdtArgument.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StapsdtNotesTest {

    /**
     * Probes declared the way Bitcoin Core declares them (src/util/trace.h): semaphores enabled,
     * one 2-byte semaphore per probe in section .probes. With MARKED_SEMAPHORES the semaphores
     * get recognisable initial values, to check that the file offsets point at them.
     */
    private static final String WITH_SEMAPHORES = """
            #define _SDT_HAS_SEMAPHORES 1
            #include <sys/sdt.h>
            #include <stdbool.h>
            #include <stdint.h>

            #ifdef MARKED_SEMAPHORES
            #define SIX_INIT = 0x5eed
            #define ZERO_INIT = 0x7a11
            #else
            #define SIX_INIT
            #define ZERO_INIT
            #endif

            unsigned short prov_six_semaphore __attribute__((section(".probes"))) SIX_INIT;
            unsigned short prov_zero_semaphore __attribute__((section(".probes"))) ZERO_INIT;

            int main(int argc, char **argv) {
                int64_t wide_signed = -(int64_t)argc;
                uint32_t word = (uint32_t)argc * 3u;
                bool flag = argc > 1;
                short half = (short)-argc;
                const char *text = argv[0];
                unsigned char byte = (unsigned char)argc;
                if (prov_six_semaphore)
                    STAP_PROBE6(prov, six, wide_signed, word, flag, half, text, byte);
                if (prov_zero_semaphore)
                    STAP_PROBE(prov, zero);
                return 0;
            }
            """;

    /** A probe as in a Bitcoin Core before v29: no semaphore. */
    private static final String WITHOUT_SEMAPHORES = """
            #include <sys/sdt.h>
            #include <stdint.h>

            int main(int argc, char **argv) {
                uint64_t wide = (uint64_t)argc << 40;
                int narrow = -argc;
                STAP_PROBE2(plain, two, wide, narrow);
                return 0;
            }
            """;

    @TempDir
    static Path fixtures;
    static Path withSemaphores;
    static Path withMarkedSemaphores;
    static Path withoutSemaphores;

    @BeforeAll
    static void compileFixtures() throws Exception {
        withSemaphores = compile("with-semaphores", WITH_SEMAPHORES);
        withMarkedSemaphores = compile("with-marked-semaphores", WITH_SEMAPHORES,
                "-DMARKED_SEMAPHORES");
        withoutSemaphores = compile("without-semaphores", WITHOUT_SEMAPHORES);
    }

    @Test
    void readsProvidersNamesAndArgumentLayouts() throws IOException {
        List<UsdtProbe> probes = StapsdtNotes.read(withSemaphores);

        assertThat(probes).extracting(UsdtProbe::fullName).containsExactly("prov:six", "prov:zero");
        UsdtProbe six = probes.get(0);
        assertThat(six.provider()).isEqualTo("prov");
        assertThat(six.name()).isEqualTo("six");
        assertThat(six.argumentCount()).isEqualTo(6);
        assertThat(six.arguments()).extracting(UsdtArgument::size)
                .containsExactly(8, 4, 1, 2, 8, 1);
        assertThat(six.arguments()).extracting(UsdtArgument::signed)
                .containsExactly(true, false, false, true, false, false);
        assertThat(six.arguments()).allMatch(UsdtArgument::supportedByLibbpf11);
        assertThat(probes.get(1).argumentCount()).isZero();
        assertThat(probes.get(1).arguments()).isEmpty();
    }

    @Test
    void semaphoreAddressesAreTheSymbolAddresses() throws Exception {
        Map<String, Long> symbols = symbolAddresses(withSemaphores);

        assertThat(StapsdtNotes.read(withSemaphores))
                .allMatch(UsdtProbe::hasSemaphore)
                .allSatisfy(probe -> assertThat(probe.semaphoreAddress())
                        .as(probe.fullName())
                        .isEqualTo(symbols.get(probe.provider() + "_" + probe.name()
                                + "_semaphore")));
    }

    @Test
    void semaphoreFileOffsetsPointAtTheZeroedSemaphores() throws IOException {
        for (UsdtProbe probe : StapsdtNotes.read(withSemaphores)) {
            assertThat(probe.semaphoreFileOffset()).as(probe.fullName()).isPositive();
            assertThat(shortAt(withSemaphores, probe.semaphoreFileOffset()))
                    .as(probe.fullName()).isZero();
        }
    }

    @Test
    void semaphoreFileOffsetsPointAtTheSemaphoreBytes() throws IOException {
        List<UsdtProbe> probes = StapsdtNotes.read(withMarkedSemaphores);

        assertThat(shortAt(withMarkedSemaphores, probes.get(0).semaphoreFileOffset()))
                .isEqualTo(0x5eed);
        assertThat(shortAt(withMarkedSemaphores, probes.get(1).semaphoreFileOffset()))
                .isEqualTo(0x7a11);
    }

    @Test
    void probesWithoutSemaphoreHaveZeroAddressAndOffset() throws IOException {
        List<UsdtProbe> probes = StapsdtNotes.read(withoutSemaphores);

        assertThat(probes).singleElement().satisfies(probe -> {
            assertThat(probe.fullName()).isEqualTo("plain:two");
            assertThat(probe.hasSemaphore()).isFalse();
            assertThat(probe.semaphoreAddress()).isZero();
            assertThat(probe.semaphoreFileOffset()).isZero();
            assertThat(probe.arguments()).extracting(UsdtArgument::size).containsExactly(8, 4);
            assertThat(probe.arguments()).extracting(UsdtArgument::signed)
                    .containsExactly(false, true);
        });
    }

    /** readelf is the reference; libjvm.so has hundreds of hotspot probes to compare. */
    static Stream<Path> binariesWithNotes() {
        return Stream.of(withSemaphores, withoutSemaphores,
                Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so"));
    }

    @ParameterizedTest
    @MethodSource("binariesWithNotes")
    void agreesWithReadelf(Path binary) throws Exception {
        List<String> expected = readelfProbes(binary);

        assertThat(expected).isNotEmpty();
        assertThat(StapsdtNotes.read(binary))
                .extracting(probe -> "%s:%s pc=%x base=%x semaphore=%x args=%s".formatted(
                        probe.provider(), probe.name(), probe.pc(), probe.base(),
                        probe.semaphoreAddress(),
                        String.join(" ", probe.arguments().stream().map(UsdtArgument::spec)
                                .toList())))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void shiftsAddressesByHowFarPrelinkMovedTheBaseSection() throws Exception {
        Path prelinked = fixtures.resolve("prelinked");
        Files.copy(withSemaphores, prelinked);
        long shift = 0x10000;
        moveSectionAddress(prelinked, ".stapsdt.base", shift);

        List<UsdtProbe> original = StapsdtNotes.read(withSemaphores);
        List<UsdtProbe> moved = StapsdtNotes.read(prelinked);

        assertThat(moved).hasSameSizeAs(original);
        for (int index = 0; index < original.size(); index++) {
            assertThat(moved.get(index).pc()).isEqualTo(original.get(index).pc() + shift);
            assertThat(moved.get(index).semaphoreAddress())
                    .isEqualTo(original.get(index).semaphoreAddress() + shift);
            assertThat(moved.get(index).base()).isEqualTo(original.get(index).base());
        }
    }

    @Test
    void elfWithoutNotesHasNoProbes() throws IOException {
        assertThat(StapsdtNotes.read(Path.of("/bin/true"))).isEmpty();
    }

    @Test
    void textFileIsNotAnElf() throws IOException {
        Path text = Files.writeString(fixtures.resolve("notes.txt"), "just some text\n");

        assertThatThrownBy(() -> StapsdtNotes.read(text))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(text + " is not an ELF file");
    }

    @Test
    void emptyFileIsNotAnElf() throws IOException {
        Path empty = Files.createFile(fixtures.resolve("empty"));

        assertThatThrownBy(() -> StapsdtNotes.read(empty))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(empty + " is not an ELF file");
    }

    @Test
    void truncatedElfIsRejectedWithOneLine() throws IOException {
        Path truncated = fixtures.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(withSemaphores), 100));

        assertThatThrownBy(() -> StapsdtNotes.read(truncated))
                .isInstanceOf(NotAnElfException.class)
                .hasMessageStartingWith(truncated + " is truncated")
                .hasMessageNotContaining("\n");
    }

    @Test
    void elfHeaderCutShortIsTruncated() throws IOException {
        Path truncated = fixtures.resolve("header-only");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(withSemaphores), 40));

        assertThatThrownBy(() -> StapsdtNotes.read(truncated))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(truncated + " is truncated: 40 bytes, shorter than the 64-byte ELF"
                        + " header");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            elf32      | 4    | 1   | is a 32-bit ELF; only 64-bit x86-64 binaries are supported
            bigendian  | 5    | 2   | is a big-endian ELF; only 64-bit x86-64 binaries are supported
            aarch64    | 0x12 | 183 | is an ELF for AArch64 (e_machine 183); only 64-bit x86-64 binaries are supported
            """)
    void unsupportedElfVariantsAreNamed(String name, String offset, int value, String problem)
            throws IOException {
        Path variant = fixtures.resolve(name);
        byte[] bytes = Files.readAllBytes(withoutSemaphores);
        bytes[Integer.decode(offset)] = (byte) value;
        Files.write(variant, bytes);

        assertThatThrownBy(() -> StapsdtNotes.read(variant))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(variant + " " + problem);
    }

    @Test
    void objectFileIsRejectedLikeLibbpfDoes() throws Exception {
        Path object = fixtures.resolve("probes.o");
        run(List.of("gcc", "-O2", "-c", "-o", object.toString(),
                fixtures.resolve("with-semaphores.c").toString()));

        assertThatThrownBy(() -> StapsdtNotes.read(object))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(object + " is a relocatable object file, not an executable or shared"
                        + " library");
    }

    @Test
    void directoryIsNotAnElf() {
        assertThatThrownBy(() -> StapsdtNotes.read(fixtures))
                .isInstanceOf(NotAnElfException.class)
                .hasMessage(fixtures + " is a directory, not an ELF file");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        Path missing = fixtures.resolve("does-not-exist");

        assertThatThrownBy(() -> StapsdtNotes.read(missing))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(NotAnElfException.class);
    }

    @Nested
    class ArgumentSpecs {

        static Stream<Arguments> tokens() {
            return Stream.of(
                    Arguments.of("-8@-1064(%rbp)", 8, true, "-1064(%rbp)", Kind.REGISTER_DEREF,
                            true),
                    Arguments.of("8@%rax", 8, false, "%rax", Kind.REGISTER, true),
                    Arguments.of("1@$0", 1, false, "$0", Kind.CONSTANT, true),
                    Arguments.of("-4@$-1", 4, true, "$-1", Kind.CONSTANT, true),
                    Arguments.of("4@-96(%rbp,%rax,8)", 4, false, "-96(%rbp,%rax,8)",
                            Kind.SIB_DEREF, false),
                    Arguments.of("8@(,%rax,8)", 8, false, "(,%rax,8)", Kind.SIB_DEREF, false),
                    Arguments.of("-8@(%rbx)", 8, true, "(%rbx)", Kind.REGISTER_DEREF, true),
                    Arguments.of("4@%r15d", 4, false, "%r15d", Kind.REGISTER, true),
                    Arguments.of("-2@%r8w", 2, true, "%r8w", Kind.REGISTER, true),
                    Arguments.of("1@%ah", 1, false, "%ah", Kind.REGISTER, false),
                    Arguments.of("8@%xmm0", 8, false, "%xmm0", Kind.REGISTER, false),
                    Arguments.of("8@counter(%rip)", 8, false, "counter(%rip)", Kind.UNKNOWN,
                            false),
                    Arguments.of("3@%rax", 0, false, "3@%rax", Kind.UNKNOWN, false),
                    Arguments.of("%rax", 0, false, "%rax", Kind.UNKNOWN, false));
        }

        @ParameterizedTest
        @MethodSource("tokens")
        void parsesToken(String token, int size, boolean signed, String operand, Kind kind,
                         boolean supported) {
            UsdtArgument argument = UsdtArgument.parse(token);

            assertThat(argument).isEqualTo(new UsdtArgument(size, signed, operand, kind));
            assertThat(argument.supportedByLibbpf11()).isEqualTo(supported);
            assertThat(argument.spec()).isEqualTo(token);
        }

        @Test
        void parsesAWholeSpec() {
            // mempool:replaced in Bitcoin Core built by GCC 12 -O2
            List<UsdtArgument> arguments = UsdtArgument.parseAll("8@%r13 -4@%eax -8@40(%rbx)"
                    + " 8@64(%rbx) 8@%rdx -4@168(%rsp) -8@160(%rsp) 1@%cl");

            assertThat(arguments).hasSize(8);
            assertThat(arguments).extracting(UsdtArgument::size)
                    .containsExactly(8, 4, 8, 8, 8, 4, 8, 1);
            assertThat(arguments).allMatch(UsdtArgument::supportedByLibbpf11);
        }

        @Test
        void emptySpecMeansNoArguments() {
            assertThat(UsdtArgument.parseAll("")).isEmpty();
            assertThat(UsdtArgument.parseAll("  ")).isEmpty();
        }
    }

    private static Path compile(String name, String source, String... flags) throws Exception {
        Path sourceFile = Files.writeString(fixtures.resolve(name + ".c"), source);
        Path binary = fixtures.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o",
                binary.toString(), sourceFile.toString()));
        command.addAll(List.of(flags));
        run(command);
        return binary;
    }

    private static Map<String, Long> symbolAddresses(Path binary) throws Exception {
        Map<String, Long> addresses = new HashMap<>();
        for (String line : run(List.of("nm", binary.toString())).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                addresses.put(fields[2], Long.parseUnsignedLong(fields[0], 16));
            }
        }
        return addresses;
    }

    private static final Pattern READELF_PROBE = Pattern.compile(
            "Provider: (\\S+)\\s+Name: (\\S+)\\s+"
                    + "Location: 0x(\\p{XDigit}+), Base: 0x(\\p{XDigit}+), "
                    + "Semaphore: 0x(\\p{XDigit}+)\\s+Arguments: ?([^\\n]*)");

    private static List<String> readelfProbes(Path binary) throws Exception {
        Matcher matcher = READELF_PROBE.matcher(
                run(List.of("readelf", "--notes", "--wide", binary.toString())));
        List<String> probes = new ArrayList<>();
        while (matcher.find()) {
            probes.add("%s:%s pc=%x base=%x semaphore=%x args=%s".formatted(
                    matcher.group(1), matcher.group(2),
                    Long.parseUnsignedLong(matcher.group(3), 16),
                    Long.parseUnsignedLong(matcher.group(4), 16),
                    Long.parseUnsignedLong(matcher.group(5), 16),
                    matcher.group(6).strip()));
        }
        return probes;
    }

    /** Rewrites a section's sh_addr, as prelink does when it relocates a library. */
    private static void moveSectionAddress(Path binary, String sectionName, long shift)
            throws Exception {
        Matcher header = Pattern.compile("\\[\\s*(\\d+)] " + Pattern.quote(sectionName) + " ")
                .matcher(run(List.of("readelf", "--section-headers", "--wide",
                        binary.toString())));
        assertThat(header.find()).as(sectionName + " in readelf -S").isTrue();
        int index = Integer.parseInt(header.group(1));
        try (FileChannel channel = FileChannel.open(binary, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long sectionHeaders = readLong(channel, 0x28);
            long addressField = sectionHeaders + index * 64L + 16;
            writeLong(channel, addressField, readLong(channel, addressField) + shift);
        }
    }

    private static long readLong(FileChannel channel, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(buffer, offset);
        return buffer.getLong(0);
    }

    private static void writeLong(FileChannel channel, long offset, long value)
            throws IOException {
        channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0, value), offset);
    }

    private static int shortAt(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(channel.read(buffer, offset)).isEqualTo(Short.BYTES);
            return Short.toUnsignedInt(buffer.getShort(0));
        }
    }

    /** Runs a tool to completion and returns its output; a missing tool or a failure fails. */
    private static String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The readelf output is parsed, so it must not be translated.
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}
