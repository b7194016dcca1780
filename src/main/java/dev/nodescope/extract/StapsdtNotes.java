package dev.nodescope.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the SystemTap SDT notes ({@code .note.stapsdt}) of a 64-bit little-endian x86-64 ELF file,
 * the list of USDT probes that {@code readelf -n} shows and that libbpf attaches to.
 *
 * <p>Only the ELF header, the section header table, the section name table and the note
 * section are read, with positional reads: a few kilobytes even for a 200 MB {@code bitcoind}.
 */
public final class StapsdtNotes {

    private static final String NOTE_SECTION = ".note.stapsdt";
    private static final String BASE_SECTION = ".stapsdt.base";
    private static final byte[] NOTE_OWNER = "stapsdt\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NT_STAPSDT = 3;

    private static final int ELF_HEADER_SIZE = 64;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final byte ELFCLASS32 = 1;
    private static final byte ELFCLASS64 = 2;
    private static final byte ELFDATA2LSB = 1;
    private static final byte ELFDATA2MSB = 2;
    private static final int EM_X86_64 = 62;
    private static final int ET_REL = 1;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int ET_CORE = 4;
    private static final int SHN_UNDEF = 0;
    private static final int SHN_XINDEX = 0xffff;
    private static final int SHT_NOTE = 7;
    private static final long SHF_ALLOC = 0x2;
    private static final int NOTE_HEADER_SIZE = 12;
    private static final int NOTE_ADDRESSES_SIZE = 3 * Long.BYTES;

    private static final Map<Integer, String> MACHINE_NAMES = Map.of(
            3, "32-bit x86", 40, "ARM", 183, "AArch64", 243, "RISC-V",
            21, "64-bit PowerPC", 22, "IBM S/390");

    private StapsdtNotes() {
    }

    /**
     * {@link #read}, for a file the user named ({@code what} says how, e.g. "bitcoind (pid 42)"):
     * every failure becomes a one-line {@link TargetException}.
     */
    public static List<UsdtProbe> readForUser(Path elf, String what) throws TargetException {
        try {
            return read(elf);
        } catch (NotAnElfException e) {
            throw new TargetException(e.getMessage());
        } catch (IOException e) {
            throw new TargetException("cannot read " + what + ": " + e.getMessage());
        }
    }

    /**
     * Returns the probes described by the file's SDT notes, in note order (the order
     * {@code readelf -n} prints them). A probe inlined at several sites has one entry per site.
     *
     * @return the probes; empty if the file is a valid ELF without a {@code .note.stapsdt} section
     * @throws NotAnElfException if the file is not an ELF executable or shared library, is
     *                           truncated or corrupt, or is not a 64-bit little-endian x86-64 ELF
     * @throws IOException       if the file cannot be read at all (missing, no permission, ...)
     */
    public static List<UsdtProbe> read(Path elf) throws IOException {
        if (Files.isDirectory(elf)) {
            throw new NotAnElfException(elf + " is a directory, not an ELF file");
        }
        try (FileChannel channel = FileChannel.open(elf, StandardOpenOption.READ)) {
            return new ElfFile(elf, channel).readProbes();
        }
    }

    private record Section(String name, int type, long flags, long address, long offset, long size,
                           long alignment) {

        boolean holdsAddress(long virtualAddress) {
            return (flags & SHF_ALLOC) != 0
                    && Long.compareUnsigned(virtualAddress, address) >= 0
                    && Long.compareUnsigned(virtualAddress - address, size) < 0;
        }
    }

    /** A section header entry whose name is still an index into the section name table. */
    private record RawSection(int nameIndex, int type, long flags, long address, long offset,
                              long size, int link, long alignment) {

        Section named(String name) {
            return new Section(name, type, flags, address, offset, size, alignment);
        }
    }

    private static final class ElfFile {

        private final Path path;
        private final FileChannel channel;
        private final long fileSize;

        ElfFile(Path path, FileChannel channel) throws IOException {
            this.path = path;
            this.channel = channel;
            this.fileSize = channel.size();
        }

        List<UsdtProbe> readProbes() throws IOException {
            List<Section> sections = readSections();
            Optional<Section> base = sections.stream()
                    .filter(section -> section.name().equals(BASE_SECTION))
                    .findFirst();
            List<UsdtProbe> probes = new ArrayList<>();
            for (Section section : sections) {
                if (section.name().equals(NOTE_SECTION) && section.type() == SHT_NOTE) {
                    readNotes(section, base, sections, probes);
                }
            }
            return List.copyOf(probes);
        }

        private List<Section> readSections() throws IOException {
            ByteBuffer header = readHeader();
            long tableOffset = header.getLong(0x28);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3a));
            int count = Short.toUnsignedInt(header.getShort(0x3c));
            int namesIndex = Short.toUnsignedInt(header.getShort(0x3e));
            if (tableOffset == 0) {
                // No section header table (e.g. an sstrip'ed binary): there is nothing to find.
                return List.of();
            }
            if (entrySize < SECTION_HEADER_SIZE) {
                throw corrupt("section header entries of " + entrySize + " bytes, expected "
                        + SECTION_HEADER_SIZE);
            }
            // With 0xff00 or more sections, e_shnum and e_shstrndx do not fit in 16 bits and live
            // in the first section header's sh_size and sh_link (gABI "extended numbering").
            if (count == 0 || namesIndex == SHN_XINDEX) {
                RawSection first =
                        parseSection(read(tableOffset, entrySize, "the section headers"));
                if (count == 0) {
                    if (Long.compareUnsigned(first.size(), fileSize / entrySize) > 0) {
                        throw corrupt(Long.toUnsignedString(first.size())
                                + " sections cannot fit in the file");
                    }
                    count = (int) first.size();
                }
                if (namesIndex == SHN_XINDEX) {
                    namesIndex = first.link();
                }
            }
            ByteBuffer table = read(tableOffset, (long) count * entrySize, "the section headers");
            List<RawSection> rawSections = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                rawSections.add(parseSection(table.slice(index * entrySize, entrySize)
                        .order(ByteOrder.LITTLE_ENDIAN)));
            }
            if (namesIndex == SHN_UNDEF) {
                // Without a section name table no section can be identified by name.
                return List.of();
            }
            if (namesIndex >= count) {
                throw corrupt("section name table index " + namesIndex + " of " + count
                        + " sections");
            }
            RawSection namesSection = rawSections.get(namesIndex);
            ByteBuffer names = read(namesSection.offset(), namesSection.size(),
                    "the section name table");
            List<Section> sections = new ArrayList<>(count);
            for (RawSection raw : rawSections) {
                int nameEnd =
                        terminatingNul(names, raw.nameIndex(), names.limit(), "a section name");
                sections.add(raw.named(utf8(names, raw.nameIndex(), nameEnd)));
            }
            return sections;
        }

        private ByteBuffer readHeader() throws IOException {
            ByteBuffer header = ByteBuffer.allocate((int) Math.min(ELF_HEADER_SIZE, fileSize))
                    .order(ByteOrder.LITTLE_ENDIAN);
            readFully(header, 0);
            if (header.limit() < 4 || header.getInt(0) != 0x464c457f) {
                throw new NotAnElfException(path + " is not an ELF file");
            }
            if (header.limit() < 6) {
                throw truncatedHeader();
            }
            byte elfClass = header.get(4);
            byte byteOrder = header.get(5);
            if (elfClass == ELFCLASS32) {
                throw unsupported("is a 32-bit ELF");
            }
            if (elfClass != ELFCLASS64) {
                throw corrupt("unknown ELF class " + elfClass);
            }
            if (byteOrder == ELFDATA2MSB) {
                throw unsupported("is a big-endian ELF");
            }
            if (byteOrder != ELFDATA2LSB) {
                throw corrupt("unknown ELF byte order " + byteOrder);
            }
            if (header.limit() < ELF_HEADER_SIZE) {
                throw truncatedHeader();
            }
            int machine = Short.toUnsignedInt(header.getShort(0x12));
            if (machine != EM_X86_64) {
                throw unsupported("is an ELF for "
                        + MACHINE_NAMES.getOrDefault(machine, "another machine")
                        + " (e_machine " + machine + ")");
            }
            int type = Short.toUnsignedInt(header.getShort(0x10));
            if (type != ET_EXEC && type != ET_DYN) {
                // As libbpf: only these can be traced, and in an object file the addresses in
                // the notes are still unrelocated zeros.
                String kind = switch (type) {
                    case ET_REL -> "a relocatable object file";
                    case ET_CORE -> "a core dump";
                    default -> "an ELF of type " + type;
                };
                throw new NotAnElfException(path + " is " + kind
                        + ", not an executable or shared library");
            }
            return header;
        }

        private static RawSection parseSection(ByteBuffer entry) {
            return new RawSection(entry.getInt(0), entry.getInt(4), entry.getLong(8),
                    entry.getLong(16), entry.getLong(24), entry.getLong(32), entry.getInt(40),
                    entry.getLong(48));
        }

        private void readNotes(Section section, Optional<Section> base, List<Section> sections,
                               List<UsdtProbe> probes) throws IOException {
            ByteBuffer notes = read(section.offset(), section.size(), "section " + NOTE_SECTION);
            // Notes are padded to 4 bytes, except in sections aligned to 8 (as readelf does).
            int alignment = section.alignment() == 8 ? 8 : 4;
            int position = 0;
            while (notes.limit() - position >= NOTE_HEADER_SIZE) {
                long nameSize = Integer.toUnsignedLong(notes.getInt(position));
                long descriptorSize = Integer.toUnsignedLong(notes.getInt(position + 4));
                int type = notes.getInt(position + 8);
                long nameStart = position + NOTE_HEADER_SIZE;
                long descriptorStart = nameStart + alignUp(nameSize, alignment);
                long descriptorEnd = descriptorStart + descriptorSize;
                if (descriptorEnd > notes.limit()) {
                    throw corrupt("a note at offset " + position + " of " + NOTE_SECTION
                            + " runs past the end of the section");
                }
                if (type == NT_STAPSDT && hasOwner(notes, (int) nameStart, nameSize)) {
                    probes.add(parseProbe(notes, (int) descriptorStart, (int) descriptorEnd, base,
                            sections));
                }
                position = (int) Math.min(notes.limit(),
                        descriptorStart + alignUp(descriptorSize, alignment));
            }
        }

        private static boolean hasOwner(ByteBuffer notes, int nameStart, long nameSize) {
            return nameSize == NOTE_OWNER.length
                    && notes.slice(nameStart, NOTE_OWNER.length)
                            .equals(ByteBuffer.wrap(NOTE_OWNER));
        }

        /**
         * A descriptor holds the probe address, the link-time address of {@code .stapsdt.base}
         * and the semaphore address, then the provider, name and argument spec strings.
         */
        private UsdtProbe parseProbe(ByteBuffer notes, int start, int end, Optional<Section> base,
                                     List<Section> sections) throws NotAnElfException {
            if (end - start < NOTE_ADDRESSES_SIZE) {
                throw corrupt("a stapsdt note of " + (end - start) + " bytes in " + NOTE_SECTION);
            }
            long pc = notes.getLong(start);
            long noteBase = notes.getLong(start + Long.BYTES);
            long semaphore = notes.getLong(start + 2 * Long.BYTES);
            int providerEnd = terminatingNul(notes, start + NOTE_ADDRESSES_SIZE, end, "a provider");
            int nameEnd = terminatingNul(notes, providerEnd + 1, end, "a probe name");
            int argumentsEnd = terminatingNul(notes, nameEnd + 1, end, "an argument spec");
            String provider = utf8(notes, start + NOTE_ADDRESSES_SIZE, providerEnd);
            String name = utf8(notes, providerEnd + 1, nameEnd);
            String arguments = utf8(notes, nameEnd + 1, argumentsEnd);

            // If prelink moved the file after the notes were written, .stapsdt.base moved with the
            // code and data, so the distance from the recorded base is how far to shift both.
            // (libbpf shifts the pc only; BCC and SystemTap shift the semaphore as well.)
            long shift = base.map(section -> section.address() - noteBase).orElse(0L);
            long semaphoreAddress = semaphore == 0 ? 0 : semaphore + shift;
            return new UsdtProbe(provider, name, pc + shift, noteBase, semaphoreAddress,
                    fileOffsetOf(semaphoreAddress, sections), UsdtArgument.parseAll(arguments));
        }

        private static long fileOffsetOf(long virtualAddress, List<Section> sections) {
            if (virtualAddress == 0) {
                return 0;
            }
            return sections.stream()
                    .filter(section -> section.holdsAddress(virtualAddress))
                    .findFirst()
                    .map(section -> virtualAddress - section.address() + section.offset())
                    .orElse(0L);
        }

        /** Where the C string at {@code start} ends: the index of its NUL, before {@code end}. */
        private int terminatingNul(ByteBuffer buffer, int start, int end, String what)
                throws NotAnElfException {
            for (int index = start; index >= 0 && index < end; index++) {
                if (buffer.get(index) == 0) {
                    return index;
                }
            }
            throw corrupt(what + " at byte " + start + " of its section is not NUL-terminated");
        }

        private static String utf8(ByteBuffer buffer, int start, int end) {
            return StandardCharsets.UTF_8.decode(buffer.slice(start, end - start)).toString();
        }

        /** Reads a part of the file that the ELF headers say is there. */
        private ByteBuffer read(long offset, long length, String what) throws IOException {
            // Unsigned offsets and sizes past 2^63 are negative here: past the end all the same.
            if (offset < 0 || length < 0 || length > fileSize - offset) {
                throw new NotAnElfException(path + " is truncated or corrupt: " + what + " ("
                        + Long.toUnsignedString(length) + " bytes at offset "
                        + Long.toUnsignedString(offset) + ") extend past the end of the file ("
                        + fileSize + " bytes)");
            }
            if (length > Integer.MAX_VALUE) {
                throw corrupt(what + " would be " + length + " bytes long");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
            readFully(buffer, offset);
            return buffer;
        }

        private void readFully(ByteBuffer buffer, long offset) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new NotAnElfException(path + " was truncated while being read");
                }
            }
            buffer.flip();
        }

        private static long alignUp(long value, int alignment) {
            return (value + alignment - 1) & -alignment;
        }

        private NotAnElfException truncatedHeader() {
            return new NotAnElfException(path + " is truncated: " + fileSize
                    + " bytes, shorter than the " + ELF_HEADER_SIZE + "-byte ELF header");
        }

        private NotAnElfException unsupported(String what) {
            return new NotAnElfException(path + " " + what
                    + "; only 64-bit x86-64 binaries are supported");
        }

        private NotAnElfException corrupt(String detail) {
            return new NotAnElfException(path + " is a corrupt ELF file: " + detail);
        }
    }
}
