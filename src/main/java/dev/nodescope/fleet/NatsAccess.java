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
 * @param caFile           a PEM file of the CA(s) that signed the servers' certificates (TLS), or null for the JVM's trust store
 */
public record NatsAccess(String urls, Path credsFile, Path nkeySeedFile, Path userPasswordFile, Path tokenFile, Path caFile) {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The servers at {@code urls}, without credentials. */
    public static NatsAccess of(String urls) {
        return new NatsAccess(urls, null, null, null, null, null);
    }

    /** The options of a connection named {@code name} (shown by the server's monitoring) that reconnects for ever. */
    public Options.Builder options(String name, ErrorListener errors, ConnectionListener connections) throws IOException {
        Options.Builder b = Options.builder().servers(urls.split(",")).connectionName(name).connectionTimeout(CONNECT_TIMEOUT)
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(500)).errorListener(errors).connectionListener(connections);
        int given = (credsFile != null ? 1 : 0) + (nkeySeedFile != null ? 1 : 0) + (userPasswordFile != null ? 1 : 0) + (tokenFile != null ? 1 : 0);
        if (given > 1) {
            throw new UserException("give one of --nats-creds, --nats-nkey, --nats-user-file and --nats-token-file, not several");
        }
        if (caFile != null) {
            b.sslContext(TrustedCa.sslContext(caFile)); // TLS to every server, trusting this CA
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
            String tls = tlsProblem();
            if (tls != null) {
                throw new UserException("TLS to NATS at " + urls + " failed (" + tls + "): give the CA that signed the"
                        + " server's certificate with --nats-ca FILE (PEM)");
            }
            if (why.toLowerCase(java.util.Locale.ROOT).contains("authorization") || why.toLowerCase(java.util.Locale.ROOT).contains("authentication")) {
                throw new UserException("NATS at " + urls + " refused the credentials (" + why.strip()
                        + "): check --nats-creds, --nats-nkey, --nats-user-file or --nats-token-file");
            }
            throw new UserException("cannot connect to NATS at " + urls + " (" + why.strip() + "): is nats-server running there, and is --nats right?");
        }
    }

    /**
     * Why a TLS handshake with the first {@code tls://} server fails (jnats says only that it could
     * not connect), or null: it succeeds, or TLS is not asked for.
     */
    private String tlsProblem() {
        String first = urls.split(",")[0].strip();
        if (!first.startsWith("tls://") && caFile == null) {
            return null;
        }
        java.net.URI uri = java.net.URI.create(first.contains("://") ? first : "nats://" + first);
        try {
            javax.net.ssl.SSLContext context = caFile != null ? TrustedCa.sslContext(caFile) : javax.net.ssl.SSLContext.getDefault();
            try (java.net.Socket plain = new java.net.Socket()) {
                plain.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort()), 2000);
                plain.setSoTimeout(2000);
                // NATS speaks first (INFO) in plain text, then the client upgrades: read that line, then shake hands
                java.io.InputStream in = plain.getInputStream();
                for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                    // the server's INFO line
                }
                try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(plain, uri.getHost(),
                        plain.getPort(), false)) {
                    tls.startHandshake();
                }
            }
            return null;
        } catch (javax.net.ssl.SSLException e) {
            String why = String.valueOf(e.getMessage());
            return why.contains("PKIX") || why.contains("certification path") ? "its certificate is signed by a CA not trusted here" : why;
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException notTls) {
            return null; // not a TLS problem (or not one this can tell): the connect error stands
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
