package dev.nodescope.fleet;

import dev.nodescope.error.UserException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How nodescope reaches a NATS server: the URL(s) and the credentials, every secret read from a
 * file (never an argument: those show in {@code ps}; never logged). TLS comes with a
 * {@code tls://} URL (the JVM's trust store) as jnats does it.
 *
 * @param urls             comma-separated server URLs ({@code nats://127.0.0.1:4222,nats://...})
 * @param credsFile        a {@code .creds} file (JWT and NKey seed), or null
 * @param nkeySeedFile     a file holding an NKey seed ({@code SU...}), or null
 * @param userPasswordFile a file holding {@code user:password}, or null
 * @param tokenFile        a file holding a token, or null
 */
public record NatsAccess(String urls, Path credsFile, Path nkeySeedFile, Path userPasswordFile, Path tokenFile) {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The options of a connection named {@code name} (shown by the server's monitoring) that reconnects for ever. */
    public Options.Builder options(String name, ErrorListener errors, ConnectionListener connections) throws IOException {
        Options.Builder b = Options.builder().servers(urls.split(",")).connectionName(name).connectionTimeout(CONNECT_TIMEOUT)
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(500)).errorListener(errors).connectionListener(connections);
        int given = (credsFile != null ? 1 : 0) + (nkeySeedFile != null ? 1 : 0) + (userPasswordFile != null ? 1 : 0) + (tokenFile != null ? 1 : 0);
        if (given > 1) {
            throw new UserException("give one of --nats-creds, --nats-nkey, --nats-user-file and --nats-token-file, not several");
        }
        if (credsFile != null) {
            readable(credsFile, "--nats-creds");
            b.authHandler(Nats.credentials(credsFile.toString()));
        } else if (nkeySeedFile != null) {
            b.authHandler(Nats.staticCredentials(null, secret(nkeySeedFile, "--nats-nkey").toCharArray()));
        } else if (userPasswordFile != null) {
            String[] up = secret(userPasswordFile, "--nats-user-file").split(":", 2);
            if (up.length != 2) {
                throw new UserException("--nats-user-file must hold user:password on one line");
            }
            b.userInfo(up[0].toCharArray(), up[1].toCharArray());
        } else if (tokenFile != null) {
            b.token(secret(tokenFile, "--nats-token-file").toCharArray());
        }
        return b;
    }

    /** Connects; one line when the server cannot be reached or refuses the credentials. */
    public Connection connect(Options options) throws InterruptedException {
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.toLowerCase(java.util.Locale.ROOT).contains("authorization") || why.toLowerCase(java.util.Locale.ROOT).contains("authentication")) {
                throw new UserException("NATS at " + urls + " refused the credentials (" + why.strip()
                        + "): check --nats-creds, --nats-nkey, --nats-user-file or --nats-token-file");
            }
            throw new UserException("cannot connect to NATS at " + urls + " (" + why.strip() + "): is nats-server running there, and is --nats right?");
        }
    }

    private static void readable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new UserException("cannot read " + option + " " + file);
        }
    }

    private static String secret(Path file, String option) throws IOException {
        readable(file, option);
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            throw new UserException(option + " " + file + " is empty");
        }
        return s;
    }
}
