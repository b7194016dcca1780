package dev.nodescope.codec;

import dev.nodescope.hex.Hex;
import java.nio.charset.StandardCharsets;

/**
 * Hashes travel as 64 hex digits in events and as their 32 bytes in archives (half the size,
 * and hex compresses badly). Text that is not a hash (which the extractor never produces) is
 * kept as UTF-8 so that nothing is lost.
 */
final class Hashes {
    private Hashes() {
    }

    static byte[] toBytes(String text) {
        if (text.length() == 64 && isHex(text)) {
            return Hex.decode(text);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String toText(byte[] stored) {
        return stored.length == 32 ? Hex.encode(stored) : new String(stored, StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
