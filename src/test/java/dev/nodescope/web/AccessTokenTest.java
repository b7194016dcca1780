package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.error.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {
    @TempDir
    Path dir;

    @Test
    void aRandomTokenIsLongUniqueAndHiddenFromToString() {
        AccessToken a = AccessToken.random();
        AccessToken b = AccessToken.random();
        assertThat(a.reveal()).hasSize(32).matches("[0-9a-f]+");
        assertThat(a.reveal()).isNotEqualTo(b.reveal());
        assertThat(a.generated()).isTrue();
        assertThat(a.toString()).doesNotContain(a.reveal());
        assertThat(a.matches(a.reveal())).isTrue();
        assertThat(a.matches(b.reveal())).isFalse();
        assertThat(a.matches(null)).isFalse();
        assertThat(a.matches("")).isFalse();
    }

    @Test
    void aTokenFileIsReadStrippedAndChecked() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "  s3cret-token-for-the-fleet\n");
        AccessToken t = AccessToken.fromFile(file);
        assertThat(t.generated()).isFalse();
        assertThat(t.matches("s3cret-token-for-the-fleet")).isTrue();
        assertThatThrownBy(() -> AccessToken.fromFile(dir.resolve("missing"))).isInstanceOf(UserException.class)
                .hasMessage("cannot read --token-file " + dir.resolve("missing"));
        Path shortOne = Files.writeString(dir.resolve("short"), "abc");
        assertThatThrownBy(() -> AccessToken.fromFile(shortOne)).isInstanceOf(UserException.class)
                .hasMessageContaining("at least 16 characters");
        Path spaced = Files.writeString(dir.resolve("spaced"), "a token with spaces in it");
        assertThatThrownBy(() -> AccessToken.fromFile(spaced)).isInstanceOf(UserException.class)
                .hasMessageContaining("printable ASCII without spaces");
    }
}
