package dev.nodescope.web;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret every request and WebSocket of the dashboard must carry: random per start (printed
 * once in the URL, as Jupyter does) or read from {@code --token-file} (then never printed).
 */
public final class AccessToken {
    private final byte[] value;
    private final boolean generated;

    private AccessToken(String value, boolean generated) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
    }

    /** 128 random bits, hex: unguessable, and safe in a URL and a cookie. */
    public static AccessToken random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return new AccessToken(HexFormat.of().formatHex(bytes), true);
    }

    public static AccessToken fromFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new UserException("cannot read --token-file " + file);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            throw new UserException("--token-file " + file + " must hold a token of at least 16 characters");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\')) {
            throw new UserException("--token-file " + file + ": the token must be printable ASCII without spaces, quotes, ';' or ','");
        }
        return new AccessToken(token, false);
    }

    /** Compares in constant time, so response times say nothing about how much of a guess was right. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether nodescope made it up (and so must show it once for the user to get in). */
    public boolean generated() {
        return generated;
    }

    /** The token itself: for the start-up URL of a generated token and the cookie, never for logs. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
