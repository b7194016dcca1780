package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    private static int hash(byte[] b, int n) {
        int h = 0;
        for (int i = 0; i < n; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    private static String get(StringCache cache, String text, boolean ascii) {
        byte[] b = new byte[64];
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, b, 0, t.length);
        return cache.get(b, t.length, hash(b, t.length), ascii);
    }

    @Test
    void theSameBytesGiveTheSameString() {
        StringCache cache = new StringCache();
        String first = get(cache, "b-msghand", true);
        assertThat(first).isEqualTo("b-msghand");
        assertThat(get(cache, "b-msghand", true)).isSameAs(first);
        assertThat(get(cache, "", true)).isEqualTo("");
        assertThat(get(cache, "caf\u00e9", false)).isEqualTo("caf\u00e9");
    }

    @Test
    void collidingSlotsStillGiveTheirOwnText() {
        StringCache cache = new StringCache();
        byte[] b = "b-net".getBytes(StandardCharsets.US_ASCII);
        // the same slot (hash 0) for different bytes: each read gets its own text
        assertThat(cache.get(b, 5, 0, true)).isEqualTo("b-net");
        assertThat(cache.get(b, 3, 0, true)).isEqualTo("b-n");
        assertThat(cache.get(b, 5, 0, true)).isEqualTo("b-net");
    }
}
