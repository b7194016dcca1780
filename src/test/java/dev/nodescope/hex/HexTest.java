package dev.nodescope.hex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hot path's hex helpers (issue 18) agree with the plain ones. */
class HexTest {
    @Test
    void encodeReversedIsTheReversedBytesInHex() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xa0 + i * 7);
        }
        byte[] reversed = new byte[32];
        for (int i = 0; i < 32; i++) {
            reversed[i] = b[31 - i];
        }
        assertThat(Hex.encodeReversed(b)).isEqualTo(Hex.encode(reversed));
        assertThat(Hex.encodeReversed(new byte[] {0x01, (byte) 0xff, 0x00}, 1, 2)).isEqualTo("00ff");
    }

    @Test
    void decodeLowercaseWritesTheBytesAtTheOffset() {
        byte[] out = new byte[6];
        assertThat(Hex.decodeLowercase("00ff7a10", out, 1)).isTrue();
        assertThat(out).containsExactly(0, 0x00, 0xff, 0x7a, 0x10, 0);
    }

    @Test
    void decodeLowercaseRefusesWhatIsNotLowercaseHex() {
        byte[] out = new byte[8];
        assertThat(Hex.decodeLowercase("00FF", out, 0)).isFalse();
        assertThat(Hex.decodeLowercase("0g", out, 0)).isFalse();
        assertThat(Hex.decodeLowercase("abc", out, 0)).isFalse();
        assertThat(Hex.decodeLowercase("\u00e9a", out, 0)).isFalse();
        assertThat(Hex.decodeLowercase("", out, 0)).isTrue();
    }
}
