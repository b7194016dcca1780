package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void dropsOnlyATornLastCharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 61 e2 82 ac
        assertThat(Utf8.wholeCharacters(euro, 4)).isEqualTo(4);
        assertThat(Utf8.wholeCharacters(euro, 3)).isEqualTo(1);
        assertThat(Utf8.wholeCharacters(euro, 2)).isEqualTo(1);
        assertThat(Utf8.wholeCharacters(euro, 1)).isEqualTo(1);
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.wholeCharacters(emoji, 4)).isEqualTo(4);
        assertThat(Utf8.wholeCharacters(emoji, 3)).isZero();
        assertThat(Utf8.wholeCharacters("plain".getBytes(StandardCharsets.UTF_8), 5)).isEqualTo(5);
    }
}
