package dev.nodescope.extract;

/** UTF-8 helpers for strings the kernel cut at a byte limit. */
final class Utf8 {
    private Utf8() {
    }

    /** Length of the longest prefix of {@code bytes[0..length)} that does not end inside a multi-byte sequence. */
    static int wholeCharacters(byte[] bytes, int length) {
        // walk back over continuation bytes (10xxxxxx) to the lead byte of the last sequence
        int lead = length - 1;
        while (lead >= 0 && (bytes[lead] & 0xC0) == 0x80 && length - lead < 4) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[lead] & 0xFF;
        int needed = b < 0x80 ? 1 : (b >> 5) == 0b110 ? 2 : (b >> 4) == 0b1110 ? 3 : (b >> 3) == 0b11110 ? 4 : 1;
        return length - lead >= needed ? length : lead;
    }
}
